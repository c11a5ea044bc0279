package dev.taskbed;

/** An admin operation is not allowed in the task's current state (e.g. run-now on a completed task). */
public class TaskStateException extends TaskbedException {
  private static final long serialVersionUID = 1L;
  private final TaskState state;

  public TaskStateException(String queue, String taskId, TaskState state, String operation) {
    super("cannot " + operation + " task \"" + taskId + "\" in queue \"" + queue + "\": it is " + state);
    this.state = state;
  }

  /** The state the task was in when the operation was refused. */
  public TaskState state() {
    return state;
  }
}
