package dev.taskbed.simulator.backend;

import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerAdmin;
import java.util.Objects;

/**
 * An opened backend: the broker workers and producers use, its admin side for queue depths,
 * pausing queues and the final inspection, and a line describing it for the report.
 *
 * @param description e.g. {@code "in-memory (virtual clock)"} or {@code "redis-jedis redis://127.0.0.1:6379"}
 */
public record Backend(String name, String description, Broker broker, BrokerAdmin admin) implements AutoCloseable {
  public Backend {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(broker, "broker");
    Objects.requireNonNull(admin, "admin");
  }

  /** This backend with its broker replaced, e.g. by a decorator. */
  public Backend withBroker(Broker other) {
    return new Backend(name, description, other, admin);
  }

  @Override
  public void close() {
    broker.close();
  }
}
