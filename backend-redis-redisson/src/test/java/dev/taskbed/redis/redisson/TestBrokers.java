package dev.taskbed.redis.redisson;

import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.jedis.JedisBroker;
import dev.taskbed.redis.testing.RedisFixture;

/** Builds Redisson (and, for interoperability tests, Jedis) brokers on a test fixture. */
final class TestBrokers {
  private TestBrokers() {}

  static RedissonBroker broker(RedisFixture fixture, RedisBrokerSettings settings) {
    return RedissonBroker.create(fixture.brokerConfig().settings(settings).build());
  }

  static JedisBroker jedis(RedisFixture fixture, RedisBrokerSettings settings) {
    return JedisBroker.create(fixture.brokerConfig().settings(settings).build());
  }
}
