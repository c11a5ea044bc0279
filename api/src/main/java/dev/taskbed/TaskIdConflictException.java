package dev.taskbed;

/**
 * A task with this id already exists in the queue (or was removed within the idempotency window)
 * with different content. Enqueueing the same content under the same id is not a conflict: it
 * returns the existing task.
 */
public class TaskIdConflictException extends TaskbedException {
  private static final long serialVersionUID = 1L;
  private final String queue;
  private final String taskId;

  public TaskIdConflictException(String queue, String taskId) {
    super("task id \"" + taskId + "\" already exists in queue \"" + queue + "\" with different content");
    this.queue = queue;
    this.taskId = taskId;
  }

  public String queue() {
    return queue;
  }

  public String taskId() {
    return taskId;
  }
}
