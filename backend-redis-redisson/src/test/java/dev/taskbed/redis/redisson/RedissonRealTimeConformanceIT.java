package dev.taskbed.redis.redisson;

import dev.taskbed.conformance.BackendCapabilities;
import dev.taskbed.conformance.BrokerConformanceSuite;
import dev.taskbed.conformance.BrokerUnderTest;
import dev.taskbed.env.ManualClock;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.BrokerPolicy;

/**
 * The suite's real-time profile on the production time path: scripts read Redis {@code TIME}, so
 * tests that need the virtual clock are skipped (with the reason) and the rest run for real.
 */
class RedissonRealTimeConformanceIT extends BrokerConformanceSuite {
  @Override
  protected BrokerUnderTest createBroker(ManualClock clock, BrokerPolicy policy) {
    SharedRedis.local().flushAll();
    return BrokerUnderTest.of(TestBrokers.broker(SharedRedis.local(),
        RedisBrokerSettings.builder().policy(policy).checkServer(false).build()));
  }

  @Override
  protected BackendCapabilities capabilities() {
    // Redis and the test JVM read the same host clock; allow for the script's own latency.
    return BackendCapabilities.onRealTime(50);
  }
}
