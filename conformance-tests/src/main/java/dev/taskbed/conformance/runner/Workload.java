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
  MIXED("every operation", 0.15, 0.25, 1,
      new int[] {35, 30, 8, 3, 8, 8, 8}, new int[] {30, 6, 24, 10, 8, 10},
      w(Kind.ENQUEUE, 14, Kind.ENQUEUE_AGAIN, 3, Kind.ENQUEUE_CONFLICT, 2, Kind.ENQUEUE_LOOKALIKE, 2, Kind.ENQUEUE_BATCH, 5,
        Kind.CLAIM, 12, Kind.REPLAY_CLAIM, 4, Kind.ACK, 14, Kind.COMPLETE_MANY, 2, Kind.EXTEND, 4, Kind.EXTEND_MANY, 1,
        Kind.ADVANCE_SMALL, 4, Kind.ADVANCE_LARGE, 2, Kind.ADVANCE_TO, 6, Kind.FORWARD, 3, Kind.RECOVER, 3, Kind.PURGE, 3,
        Kind.PAUSE, 1, Kind.UNPAUSE, 2, Kind.CHANGE_TASK, 3, Kind.LIST, 2, Kind.STATS, 1, Kind.GET, 2, Kind.QUEUES, 1)),
  /** Claims, acks with live and stale tokens, extensions, expiry, recovery and due times. */
  LEASES_AND_TIME("leases, fencing, retries and time", 0.05, 0.15, 1,
      new int[] {35, 30, 8, 3, 8, 8, 8}, new int[] {30, 6, 24, 10, 8, 10},
      w(Kind.ENQUEUE, 10, Kind.ENQUEUE_BATCH, 2, Kind.CLAIM, 14, Kind.REPLAY_CLAIM, 7, Kind.ACK, 16, Kind.COMPLETE_MANY, 2, Kind.EXTEND, 8,
        Kind.EXTEND_MANY, 2, Kind.ADVANCE_SMALL, 5, Kind.ADVANCE_LARGE, 2, Kind.ADVANCE_TO, 12, Kind.FORWARD, 4,
        Kind.RECOVER, 6, Kind.PURGE, 1, Kind.UNPAUSE, 1, Kind.GET, 1, Kind.LIST, 1)),
  /** Retried enqueues, id conflicts, uniqueness locks, tombstones and batches. */
  IDEMPOTENCE_AND_UNIQUENESS("enqueue idempotence, uniqueness and tombstones", 0.45, 0.2, 1,
      new int[] {35, 30, 8, 3, 8, 8, 8}, new int[] {30, 6, 24, 10, 8, 10},
      w(Kind.ENQUEUE, 14, Kind.ENQUEUE_AGAIN, 8, Kind.ENQUEUE_CONFLICT, 5, Kind.ENQUEUE_LOOKALIKE, 6, Kind.ENQUEUE_BATCH, 5,
        Kind.CLAIM, 8, Kind.REPLAY_CLAIM, 3, Kind.ACK, 10, Kind.ADVANCE_SMALL, 2, Kind.ADVANCE_LARGE, 3, Kind.ADVANCE_TO, 8,
        Kind.FORWARD, 2, Kind.RECOVER, 1, Kind.PURGE, 4, Kind.CHANGE_TASK, 4, Kind.GET, 2)),
  /**
   * Pause, admin changes, listings, retention and archive bounds, and the long chains through
   * maintenance: tasks with uniqueness locks archived and trimmed, then their content or their id
   * enqueued again while the lock or the tombstone lives, and after it ended.
   */
  ADMIN_AND_RETENTION("pause, admin, inspection, retention and maintenance chains", 0.35, 0.5, 5,
      new int[] {15, 15, 20, 10, 15, 15, 10}, new int[] {30, 4, 16, 6, 34, 4},
      w(Kind.ENQUEUE, 12, Kind.ENQUEUE_CONFLICT, 7, Kind.ENQUEUE_LOOKALIKE, 7, Kind.ENQUEUE_BATCH, 3, Kind.CLAIM, 12,
        Kind.ACK, 16, Kind.ADVANCE_SMALL, 2, Kind.ADVANCE_LARGE, 4, Kind.ADVANCE_TO, 8, Kind.FORWARD, 3, Kind.RECOVER, 2,
        Kind.PURGE, 10, Kind.PAUSE, 1, Kind.UNPAUSE, 2, Kind.CHANGE_TASK, 8, Kind.LIST, 2, Kind.STATS, 1, Kind.GET, 1,
        Kind.QUEUES, 1));

  /** The kinds of step the generator can draw. */
  enum Kind {
    ENQUEUE, ENQUEUE_AGAIN, ENQUEUE_CONFLICT, ENQUEUE_LOOKALIKE, ENQUEUE_BATCH,
    CLAIM, REPLAY_CLAIM, ACK, COMPLETE_MANY, EXTEND, EXTEND_MANY,
    ADVANCE_SMALL, ADVANCE_LARGE, ADVANCE_TO,
    FORWARD, RECOVER, PURGE,
    PAUSE, UNPAUSE, CHANGE_TASK, LIST, STATS, GET, QUEUES
  }

  private final String focus;
  private final int lengthFactor;
  /** How often each {@link dev.taskbed.conformance.model.ReferenceBroker.Milestone} is the clock's target. */
  private final int[] milestoneWeights;
  /** How often each {@link WorkerOps.AckAction} is chosen. */
  private final int[] ackWeights;
  private final double uniqueShare;
  private final double retentionShare;
  private final Map<Kind, Integer> weights;

  Workload(String focus, double uniqueShare, double retentionShare, int lengthFactor, int[] milestoneWeights,
      int[] ackWeights, Map<Kind, Integer> weights) {
    this.focus = focus;
    this.lengthFactor = lengthFactor;
    this.milestoneWeights = milestoneWeights;
    this.ackWeights = ackWeights;
    this.uniqueShare = uniqueShare;
    this.retentionShare = retentionShare;
    this.weights = weights;
  }

  /** What the workload concentrates on. */
  public String focus() {
    return focus;
  }

  /**
   * How many times the profile's steps a sequence of this workload has; it runs that many times
   * fewer sequences, so its cost stays the same while chains get room to grow.
   */
  public int lengthFactor() {
    return lengthFactor;
  }

  double uniqueShare() {
    return uniqueShare;
  }

  double retentionShare() {
    return retentionShare;
  }

  int[] ackWeights() {
    return ackWeights.clone();
  }

  int[] milestoneWeights() {
    return milestoneWeights.clone();
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
