package dev.taskbed.simulator.backend;

import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerAdmin;
import eu.rekawek.toxiproxy.Proxy;
import java.io.IOException;
import java.util.Objects;

/**
 * An opened backend: the broker workers and producers use, its admin side for queue depths,
 * pausing queues and the final inspection, and a line describing it for the report.
 *
 * @param description e.g. {@code "in-memory (virtual clock)"} or {@code "redis-jedis redis://127.0.0.1:6379"}
 * @param admin the observer's side; may be a separate connection that network faults do not touch
 * @param network the Toxiproxy proxy between the clients and the backend, for the proxy fault
 *     kinds, or {@code null} when there is no network to break (in-memory, or Redis without
 *     Toxiproxy); deleted when the backend is closed
 */
public record Backend(String name, String description, Broker broker, BrokerAdmin admin, Proxy network)
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
        try {
          network.delete();
        } catch (IOException e) {
          // best effort: a leftover proxy is replaced by the next run's
        }
      }
    }
  }
}
