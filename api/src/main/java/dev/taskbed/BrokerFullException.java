package dev.taskbed;

/**
 * The backend refused the enqueue because it is out of memory (Redis {@code maxmemory} reached). The
 * task was not accepted. Workers keep draining, so a later retry may succeed.
 */
public class BrokerFullException extends TaskbedException {
  private static final long serialVersionUID = 1L;

  public BrokerFullException(String message, Throwable cause) {
    super(message, cause);
  }
}
