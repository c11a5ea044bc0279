package dev.taskbed;

/**
 * Thrown by a handler (directly or as the cause of another exception) to archive the task at once,
 * without further retries. The message becomes the task's last error.
 */
public class SkipRetry extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SkipRetry(String message) {
    super(message);
  }

  public SkipRetry(String message, Throwable cause) {
    super(message, cause);
  }
}
