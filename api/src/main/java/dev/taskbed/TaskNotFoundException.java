package dev.taskbed;

/** No task with this id exists in the queue. */
public class TaskNotFoundException extends TaskbedException {
  private static final long serialVersionUID = 1L;

  public TaskNotFoundException(String queue, String taskId) {
    super("no task \"" + taskId + "\" in queue \"" + queue + "\"");
  }
}
