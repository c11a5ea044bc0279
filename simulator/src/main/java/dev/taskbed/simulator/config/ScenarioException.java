package dev.taskbed.simulator.config;

/**
 * A scenario file or option was rejected. The message names the key, the value and, for files,
 * where it was written, so a typo can be fixed without reading the source.
 */
public final class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String key;

  public ScenarioException(String key, String message) {
    super(message);
    this.key = key;
  }

  /** The rejected key, e.g. {@code "workers.lease"}. */
  public String key() {
    return key;
  }
}
