package dev.taskbed;

/** Why a running attempt's {@link TaskContext} was cancelled. */
public enum CancelReason {
  /** The per-attempt timeout passed; the attempt counts as a failure. */
  TIMEOUT,
  /** The task's deadline passed; the attempt counts as a failure. */
  DEADLINE,
  /** The worker is shutting down; the task is requeued if the handler stops in time. */
  SHUTDOWN,
  /**
   * The worker could not renew its lease in time (or the broker reports it lost); another worker
   * may now run the task, and this attempt's result is discarded.
   */
  LEASE_LOST
}
