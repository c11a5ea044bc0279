package dev.taskbed;

/**
 * An enqueue attempt may or may not have been applied (e.g. the connection broke after the command
 * was sent). The task is <em>not</em> acknowledged. Enqueueing again with the same {@link #taskId()}
 * and content is safe: it either creates the task or returns the existing one.
 */
public class EnqueueOutcomeUnknownException extends TaskbedException {
  private static final long serialVersionUID = 1L;
  private final String queue;
  private final String taskId;

  public EnqueueOutcomeUnknownException(String queue, String taskId, Throwable cause) {
    super("enqueue of task \"" + taskId + "\" to queue \"" + queue + "\" may or may not have been applied; "
        + "retry with the same task id to find out", cause);
    this.queue = queue;
    this.taskId = taskId;
  }

  public String queue() {
    return queue;
  }

  /** The id to retry with; the retry is idempotent within the broker's idempotency window. */
  public String taskId() {
    return taskId;
  }
}
