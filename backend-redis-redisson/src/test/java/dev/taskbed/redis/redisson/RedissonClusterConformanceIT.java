package dev.taskbed.redis.redisson;

import dev.taskbed.conformance.BrokerConformanceSuite;
import dev.taskbed.conformance.BrokerUnderTest;
import dev.taskbed.env.ManualClock;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.BrokerPolicy;

/** The conformance suite on a three-primary Redis Cluster, in client-clock mode. */
class RedissonClusterConformanceIT extends BrokerConformanceSuite {
  @Override
  protected BrokerUnderTest createBroker(ManualClock clock, BrokerPolicy policy) {
    return RedissonBrokerConformanceIT.onFixture(SharedRedis.cluster(), clock, policy);
  }
}
