package dev.taskbed;

/**
 * The uniqueness lock for (queue, type, payload) is held by another task, so a task enqueued with
 * {@link TaskOptions.Builder#uniqueFor(java.time.Duration) uniqueFor} was not accepted.
 */
public class DuplicateTaskException extends TaskbedException {
  private static final long serialVersionUID = 1L;
  private final String queue;
  private final String taskId;

  public DuplicateTaskException(String queue, String taskId, String type) {
    super("task \"" + taskId + "\" of type \"" + type + "\" is a duplicate: an identical task holds the uniqueness lock in queue \""
        + queue + "\"");
    this.queue = queue;
    this.taskId = taskId;
  }

  public String queue() {
    return queue;
  }

  /** The id of the rejected task (not of the lock holder). */
  public String taskId() {
    return taskId;
  }
}
