package dev.taskbed;

/**
 * Observes every failed attempt: exceptions, timeouts, {@link SkipRetry}, {@link RevokeTask}, unknown
 * types. Called after the outcome has been decided; must not block and must not throw (a throwing
 * error handler is logged and ignored).
 */
@FunctionalInterface
public interface ErrorHandler {
  void onError(TaskContext ctx, Throwable error);
}
