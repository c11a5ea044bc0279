package dev.taskbed;

/**
 * Where a task is in its lifecycle. Every transition between states is one atomic backend
 * operation.
 *
 * <pre>
 *   enqueue ──► SCHEDULED ──(due)──► PENDING ──(claim)──► ACTIVE ──(success)──► COMPLETED or removed
 *                                      ▲                    │
 *                                      │   (requeue)        ├──(failure)──► RETRY ──(due)──► PENDING
 *                                      └────────────────────┤
 *                                                           └──(retries exhausted / SkipRetry)──► ARCHIVED
 * </pre>
 */
public enum TaskState {
  /** Waiting for its {@code processAt} time. */
  SCHEDULED,
  /** Ready to be claimed by a worker. */
  PENDING,
  /** Claimed by a worker that holds a lease on it. */
  ACTIVE,
  /** Failed, waiting out its retry backoff. */
  RETRY,
  /** Dead: retries exhausted, {@link SkipRetry}, no handler, or archived by an operator. */
  ARCHIVED,
  /** Succeeded and kept for inspection because the task had a {@code retention} period. */
  COMPLETED
}
