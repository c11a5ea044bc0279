package dev.taskbed;

/**
 * Root of every exception Taskbed throws. Unchecked: callers catch the specific subtypes they can
 * act on. Backends translate their driver's exceptions (Jedis, Redisson, Netty) into subtypes of
 * this class, so no driver type ever escapes a {@code Broker}.
 */
public class TaskbedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TaskbedException(String message) {
    super(message);
  }

  public TaskbedException(String message, Throwable cause) {
    super(message, cause);
  }
}
