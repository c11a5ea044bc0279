package dev.taskbed;

/**
 * Thrown by a handler (directly or as the cause of another exception) to drop the task: it is
 * removed without retry, without archiving and without retention, and its uniqueness lock is
 * released.
 */
public class RevokeTask extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RevokeTask(String message) {
    super(message);
  }
}
