package dev.taskbed.simulator.backend;

/**
 * Opens one kind of backend for a run. Adding a backend to the simulator means adding one
 * implementation and listing it in {@link Backends}.
 */
public interface BackendFactory {

  /** The name {@code --backend} takes, e.g. {@code inmemory} or {@code redis-jedis}. */
  String name();

  /**
   * Whether the backend runs on the run's injected clock, so a whole run can be driven on virtual
   * time and replayed byte for byte from its seed. Redis keeps its own time, so its runs are real
   * time.
   */
  boolean supportsVirtualTime();

  /**
   * Opens the backend.
   *
   * @throws BackendUnavailableException if it cannot be reached or is not available; the message
   *     names what was tried (e.g. the Redis URI)
   */
  Backend open(BackendOptions options);
}
