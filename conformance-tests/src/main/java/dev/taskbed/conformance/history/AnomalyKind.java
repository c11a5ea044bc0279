package dev.taskbed.conformance.history;

/** The anomalies the {@link HistoryChecker} looks for, each a broken contract point. */
public enum AnomalyKind {
  /**
   * An acknowledged enqueue whose task never reached a terminal state and is not in the final read
   * (contract point 1). Enqueues with an unknown outcome are never counted as lost.
   */
  LOST("lost", "acknowledged, never finished, and not visible in the final read"),
  /**
   * One attempt delivered twice: two claims (not replays of one request) returned the same lease
   * token, or a task was claimed again while an earlier lease on it was certainly still live and
   * had not been acked (contract point 2).
   */
  DUPLICATED_CLAIM("duplicated claim", "one attempt handed to two claimers, or two live leases on one task"),
  /** A claim or read returned a task, or a task incarnation, that no enqueue ever attempted. */
  UNEXPECTED("unexpected", "delivered or seen, but never enqueued"),
  /**
   * An ack or lease extension answered {@code OK} although its token no longer named a live lease:
   * a newer claim had superseded it, another ack had already ended the lease, or the lease had
   * certainly expired (contract point 3).
   */
  STALE_WRITE("stale write", "an ack with a superseded, ended or expired token changed state"),
  /**
   * A task incarnation left a terminal state: claimed again, finished again, or seen unfinished
   * after it was completed, revoked, deleted or archived (archived tasks only through run-now).
   */
  DOUBLE_TERMINAL("double terminal", "a finished task was delivered, finished or seen unfinished again"),
  /** A claim returned a task before it was due (contract point 6). */
  EARLY_DELIVERY("early delivery", "claimed before its due time");

  private final String label;
  private final String meaning;

  AnomalyKind(String label, String meaning) {
    this.label = label;
    this.meaning = meaning;
  }

  /** A short human name. */
  public String label() {
    return label;
  }

  /** One line saying what the anomaly means. */
  public String meaning() {
    return meaning;
  }
}
