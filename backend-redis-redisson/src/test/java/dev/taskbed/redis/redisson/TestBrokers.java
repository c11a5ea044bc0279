package dev.taskbed.redis.redisson;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.jedis.JedisBroker;
import dev.taskbed.redis.testing.RedisFixture;

/** Builds Redisson (and, for interoperability tests, Jedis) brokers on a test fixture. */
final class TestBrokers {
  private TestBrokers() {}

  static RedisBroker broker(RedisFixture fixture, RedisBrokerSettings settings) {
    return RedissonBroker.create(fixture.brokerConfig().settings(settings).build());
  }

  static RedisBroker jedis(RedisFixture fixture, RedisBrokerSettings settings) {
    return JedisBroker.create(fixture.brokerConfig().settings(settings).build());
  }
}
