package dev.taskbed;

/**
 * Sees every task a {@link Client} enqueues, before anything is sent, and may replace it: the one
 * place to add headers (a trace context, a tenant, the caller's identity) at every enqueue site.
 * Registered with {@link ClientConfig.Builder#interceptor}; several run in registration order, each
 * seeing the previous one's task.
 *
 * <p>Called once per task per enqueue call, on the caller's thread, before the task's id and content
 * hash are fixed, so the client's retries send what it returned. An exception it throws fails that
 * enqueue (or, in {@link Client#enqueueAll}, the whole call) before anything is sent.
 */
@FunctionalInterface
public interface EnqueueInterceptor {
  /**
   * Returns the task to enqueue instead of {@code task}: usually {@code task.withHeader(...)}, or
   * {@code task} itself. {@code options} are the options it is enqueued with.
   */
  Task intercept(Task task, TaskOptions options);
}
