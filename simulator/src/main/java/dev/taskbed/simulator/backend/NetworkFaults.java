package dev.taskbed.simulator.backend;

/**
 * Connection faults between the run's clients and its backend, for the proxy fault kinds. The
 * Redis modes implement it over Toxiproxy; the in-memory backend has no network, so scenarios
 * with proxy faults are rejected there before the run starts.
 */
public interface NetworkFaults extends AutoCloseable {
  /** Cuts every connection until {@link #restore()}; returns a description of what was done. */
  String cut();

  /** Adds latency to every reply until {@link #restore()}. */
  String slowDown();

  /** Ends whatever fault is in effect. */
  void restore();

  /** Removes the proxy; the backend is closed first. */
  @Override
  void close();
}
