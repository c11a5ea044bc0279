package dev.taskbed.conformance.inmemory;

import dev.taskbed.conformance.BackendCapabilities;
import dev.taskbed.conformance.BrokerConformanceSuite;
import dev.taskbed.conformance.BrokerUnderTest;
import dev.taskbed.conformance.ConformanceProfile;
import dev.taskbed.env.ManualClock;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.BrokerPolicy;
import java.time.Clock;

/**
 * The kit's real-time profile, as a Redis backend on server {@code TIME} would run it: the broker
 * ignores the test's virtual clock and reads the system clock. Tests that need exact virtual time
 * are skipped with the reason; the rest, and the concurrency property, run for real.
 */
class InMemoryRealTimeConformanceTest extends BrokerConformanceSuite {
  @Override
  protected BrokerUnderTest createBroker(ManualClock clock, BrokerPolicy policy) {
    return BrokerUnderTest.of(new InMemoryBroker(Clock.systemUTC(), policy));
  }

  // README:capabilities:begin
  @Override
  protected BackendCapabilities capabilities() {
    return BackendCapabilities.onRealTime(5); // its own clock; the checker allows 5 ms of skew
  }
  // README:capabilities:end

  @Override
  protected ConformanceProfile profile() {
    return ConformanceProfile.fromSystemProperties().withConcurrentRuns(2);
  }
}
