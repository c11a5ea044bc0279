package dev.taskbed;

/**
 * No handler is registered for a task's type. The worker archives such a task with reason
 * "no handler" (after {@link WorkerConfig#unknownTypeGrace()}, which lets rolling deploys retry it
 * meanwhile).
 */
public class NoHandlerException extends TaskbedException {
  private static final long serialVersionUID = 1L;
  private final String type;

  public NoHandlerException(String type) {
    super("no handler for task type \"" + type + "\"");
    this.type = type;
  }

  public String type() {
    return type;
  }
}
