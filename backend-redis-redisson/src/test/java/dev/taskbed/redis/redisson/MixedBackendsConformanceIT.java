package dev.taskbed.redis.redisson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.conformance.BrokerConformanceSuite;
import dev.taskbed.conformance.BrokerUnderTest;
import dev.taskbed.env.ManualClock;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.BrokerPolicy;

/**
 * Interoperability, judged by the whole conformance suite: every test runs on a
 * {@link MixedBackendBroker}, so a test's enqueue, claim and acks alternate between the Jedis and
 * the Redisson backend on one Redis, and in the concurrent-clients property Jedis workers race
 * Redisson workers on the same queues (the history checker then reports lost tasks, duplicated
 * claims and stale writes accepted, across backends). Client-clock mode, local Redis 7.0.15.
 */
class MixedBackendsConformanceIT extends BrokerConformanceSuite {
  @Override
  protected BrokerUnderTest createBroker(ManualClock clock, BrokerPolicy policy) {
    LocalRedis redis = SharedRedis.local();
    redis.flushAll();
    RedisBrokerSettings settings = RedisBrokerSettings.builder().clock(clock).policy(policy).checkServer(false).build();
    MixedBackendBroker mixed = new MixedBackendBroker(TestBrokers.jedis(redis, settings),
        RedissonBroker.create(SharedClients.of(redis), settings));
    return BrokerUnderTest.of(mixed, mixed, () -> {
      long[] perBackend = mixed.callsPerBackend();
      mixed.close();
      if (perBackend[0] + perBackend[1] >= 2) {
        assertThat(perBackend[0]).as("calls routed to Jedis").isPositive();
        assertThat(perBackend[1]).as("calls routed to Redisson").isPositive();
      }
    });
  }
}
