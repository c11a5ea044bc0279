package dev.taskbed;

/** Thrown by {@link TaskContext#throwIfCancelled()} once the attempt has been cancelled. */
public class TaskCancelledException extends TaskbedException {
  private static final long serialVersionUID = 1L;
  private final CancelReason reason;

  public TaskCancelledException(CancelReason reason) {
    super("task attempt cancelled: " + reason);
    this.reason = reason;
  }

  public CancelReason reason() {
    return reason;
  }
}
