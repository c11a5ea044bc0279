package dev.taskbed;

/**
 * Processes tasks. Returning normally completes the task; throwing schedules a retry with backoff
 * (or archives it once its retries are exhausted); throwing {@link SkipRetry} archives it at once;
 * throwing {@link RevokeTask} drops it.
 *
 * <p>Delivery is at-least-once: a task may run again after a crash, a lost lease or a lost
 * acknowledgement, so handlers must be idempotent. Handlers run concurrently on the worker's
 * executor and must be thread-safe. A long-running handler should watch
 * {@link TaskContext#isCancelled()} (or let blocking calls be interrupted): when the attempt times
 * out, its deadline passes, the lease is lost or the worker shuts down, the context is cancelled
 * and the running thread interrupted.
 */
@FunctionalInterface
public interface Handler {
  void handle(TaskContext ctx, Task task) throws Exception;
}
