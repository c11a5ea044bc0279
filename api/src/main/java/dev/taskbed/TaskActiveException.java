package dev.taskbed;

/** Delete, archive or run-now was refused because a worker holds the task (state {@link TaskState#ACTIVE}). */
public class TaskActiveException extends TaskStateException {
  private static final long serialVersionUID = 1L;

  public TaskActiveException(String queue, String taskId, String operation) {
    super(queue, taskId, TaskState.ACTIVE, operation);
  }
}
