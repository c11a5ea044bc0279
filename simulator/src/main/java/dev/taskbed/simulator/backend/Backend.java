package dev.taskbed.simulator.backend;

import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerAdmin;
import java.util.Objects;

/**
 * An opened backend: the broker workers and producers use, its admin side for queue depths,
 * pausing queues and the final inspection, and a line describing it for the report.
 *
 * @param description e.g. {@code "in-memory (virtual clock)"} or {@code "redis-jedis redis://127.0.0.1:6379"}
 * @param admin the observer's side; may be a separate connection that network faults do not touch
 * @param network connection faults between clients and the backend, or {@code null} when there
 *     is no network to break (in-memory, or Redis without Toxiproxy)
 */
public record Backend(String name, String description, Broker broker, BrokerAdmin admin, NetworkFaults network)
    implements AutoCloseable {
  public Backend {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(broker, "broker");
    Objects.requireNonNull(admin, "admin");
  }

  @Override
  public void close() {
    try {
      broker.close();
      if (admin != broker && admin instanceof AutoCloseable closeable) {
        closeable.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not close backend " + name, e);
    } finally {
      if (network != null) {
        network.close();
      }
    }
  }
}
