package dev.taskbed.redis.redisson;

import dev.taskbed.conformance.BrokerConformanceSuite;
import dev.taskbed.conformance.BrokerUnderTest;
import dev.taskbed.env.ManualClock;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.RedisFixture;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.BrokerPolicy;

/**
 * The conformance suite on Redis 7.0.15 started by Testcontainers, in client-clock mode. Brokers
 * share one Redisson client configured as a broker-built one ({@link SharedClients}).
 */
class RedissonBrokerConformanceIT extends BrokerConformanceSuite {
  static BrokerUnderTest onFixture(RedisFixture redis, ManualClock clock, BrokerPolicy policy) {
    redis.flushAll();
    return BrokerUnderTest.of(RedissonBroker.create(SharedClients.of(redis),
        RedisBrokerSettings.builder().clock(clock).policy(policy).checkServer(false).build()));
  }

  @Override
  protected BrokerUnderTest createBroker(ManualClock clock, BrokerPolicy policy) {
    return onFixture(SharedRedis.container(), clock, policy);
  }
}
