package dev.taskbed.conformance.runner;

import java.util.EnumMap;
import java.util.Map;

/**
 * A mix of generated steps aimed at some contract points. Every workload can produce every step;
 * the weights decide what a sequence mostly does, so that each area gets sequences dense enough to
 * reach its corner cases.
 */
public enum Workload {
  /** A bit of everything. */
  MIXED("every operation", 0.15, 0.25,
      w(Kind.ENQUEUE, 14, Kind.ENQUEUE_AGAIN, 3, Kind.ENQUEUE_CONFLICT, 2, Kind.ENQUEUE_LOOKALIKE, 2, Kind.ENQUEUE_BATCH, 5,
        Kind.CLAIM, 12, Kind.REPLAY_CLAIM, 2, Kind.ACK, 14, Kind.COMPLETE_MANY, 2, Kind.EXTEND, 4, Kind.EXTEND_MANY, 1,
        Kind.ADVANCE_SMALL, 4, Kind.ADVANCE_LARGE, 2, Kind.ADVANCE_TO, 6, Kind.FORWARD, 3, Kind.RECOVER, 3, Kind.PURGE, 3,
        Kind.PAUSE, 1, Kind.UNPAUSE, 2, Kind.CHANGE_TASK, 3, Kind.LIST, 2, Kind.STATS, 1, Kind.GET, 2, Kind.QUEUES, 1)),
  /** Claims, acks with live and stale tokens, extensions, expiry, recovery and due times. */
  LEASES_AND_TIME("leases, fencing, retries and time", 0.05, 0.15,
      w(Kind.ENQUEUE, 10, Kind.ENQUEUE_BATCH, 2, Kind.CLAIM, 14, Kind.REPLAY_CLAIM, 4, Kind.ACK, 16, Kind.COMPLETE_MANY, 2, Kind.EXTEND, 8,
        Kind.EXTEND_MANY, 2, Kind.ADVANCE_SMALL, 5, Kind.ADVANCE_LARGE, 2, Kind.ADVANCE_TO, 12, Kind.FORWARD, 4,
        Kind.RECOVER, 6, Kind.PURGE, 1, Kind.UNPAUSE, 1, Kind.GET, 1, Kind.LIST, 1)),
  /** Retried enqueues, id conflicts, uniqueness locks, tombstones and batches. */
  IDEMPOTENCE_AND_UNIQUENESS("enqueue idempotence, uniqueness and tombstones", 0.45, 0.2,
      w(Kind.ENQUEUE, 14, Kind.ENQUEUE_AGAIN, 8, Kind.ENQUEUE_CONFLICT, 5, Kind.ENQUEUE_LOOKALIKE, 6, Kind.ENQUEUE_BATCH, 5,
        Kind.CLAIM, 8, Kind.REPLAY_CLAIM, 1, Kind.ACK, 10, Kind.ADVANCE_SMALL, 2, Kind.ADVANCE_LARGE, 3, Kind.ADVANCE_TO, 8,
        Kind.FORWARD, 2, Kind.RECOVER, 1, Kind.PURGE, 4, Kind.CHANGE_TASK, 4, Kind.GET, 2)),
  /** Pause, admin changes, listings, retention and archive bounds. */
  ADMIN_AND_RETENTION("pause, admin, inspection and retention", 0.1, 0.5,
      w(Kind.ENQUEUE, 12, Kind.ENQUEUE_BATCH, 3, Kind.CLAIM, 8, Kind.ACK, 10, Kind.ADVANCE_SMALL, 2, Kind.ADVANCE_LARGE, 3,
        Kind.ADVANCE_TO, 8, Kind.FORWARD, 3, Kind.RECOVER, 3, Kind.PURGE, 8, Kind.PAUSE, 4, Kind.UNPAUSE, 4,
        Kind.CHANGE_TASK, 10, Kind.LIST, 5, Kind.STATS, 3, Kind.GET, 3, Kind.QUEUES, 2));

  /** The kinds of step the generator can draw. */
  enum Kind {
    ENQUEUE, ENQUEUE_AGAIN, ENQUEUE_CONFLICT, ENQUEUE_LOOKALIKE, ENQUEUE_BATCH,
    CLAIM, REPLAY_CLAIM, ACK, COMPLETE_MANY, EXTEND, EXTEND_MANY,
    ADVANCE_SMALL, ADVANCE_LARGE, ADVANCE_TO,
    FORWARD, RECOVER, PURGE,
    PAUSE, UNPAUSE, CHANGE_TASK, LIST, STATS, GET, QUEUES
  }

  private final String focus;
  private final double uniqueShare;
  private final double retentionShare;
  private final Map<Kind, Integer> weights;

  Workload(String focus, double uniqueShare, double retentionShare, Map<Kind, Integer> weights) {
    this.focus = focus;
    this.uniqueShare = uniqueShare;
    this.retentionShare = retentionShare;
    this.weights = weights;
  }

  /** What the workload concentrates on. */
  public String focus() {
    return focus;
  }

  double uniqueShare() {
    return uniqueShare;
  }

  double retentionShare() {
    return retentionShare;
  }

  Map<Kind, Integer> weights() {
    return weights;
  }

  private static Map<Kind, Integer> w(Object... pairs) {
    Map<Kind, Integer> m = new EnumMap<>(Kind.class);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((Kind) pairs[i], (Integer) pairs[i + 1]);
    }
    return m;
  }
}
