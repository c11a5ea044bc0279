package dev.taskbed;

/**
 * The backend could not be reached (after the backend's bounded retries), and the operation was
 * certainly not applied. Safe to retry.
 */
public class BrokerUnavailableException extends TaskbedException {
  private static final long serialVersionUID = 1L;

  public BrokerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public BrokerUnavailableException(String message) {
    super(message);
  }
}
