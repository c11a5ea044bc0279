package dev.taskbed.conformance.inmemory;

import dev.taskbed.conformance.BrokerConformanceSuite;
import dev.taskbed.conformance.BrokerUnderTest;
import dev.taskbed.env.ManualClock;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.BrokerPolicy;

/** The in-memory backend runs the full conformance suite. */
// README:subclass:begin
class InMemoryBrokerConformanceTest extends BrokerConformanceSuite {
  @Override
  protected BrokerUnderTest createBroker(ManualClock clock, BrokerPolicy policy) {
    return BrokerUnderTest.of(new InMemoryBroker(clock, policy));
  }
}
// README:subclass:end
