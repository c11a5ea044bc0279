package dev.taskbed;

/**
 * Observes every failed attempt: exceptions, timeouts, {@link SkipRetry}, {@link RevokeTask}, unknown
 * types, and what a {@link RetryDelayFunction} or failure predicate threw. Called after the outcome
 * has been decided; must not block and must not throw (whatever it throws, an {@link Error} too, is
 * logged and ignored).
 */
@FunctionalInterface
public interface ErrorHandler {
  void onError(TaskContext ctx, Throwable error);
}
