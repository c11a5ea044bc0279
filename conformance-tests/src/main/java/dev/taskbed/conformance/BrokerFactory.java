package dev.taskbed.conformance;

import dev.taskbed.env.ManualClock;
import dev.taskbed.spi.BrokerPolicy;

/**
 * Creates a fresh, empty broker for one test, sequence or concurrent run. The broker must read
 * time from {@code clock} (for Redis backends: "client clock" mode, where scripts receive the
 * injected clock's now instead of calling {@code TIME}) and apply {@code policy}.
 */
@FunctionalInterface
public interface BrokerFactory {
  BrokerUnderTest create(ManualClock clock, BrokerPolicy policy);
}
