package dev.taskbed.simulator.backend;

/** The chosen backend cannot be used: unreachable, misconfigured, or not in this build. The message says which and where. */
public final class BackendUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BackendUnavailableException(String message) {
    super(message);
  }

  public BackendUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
