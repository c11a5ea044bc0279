package dev.taskbed.redis.jedis;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.RedisFixture;

/** Builds a {@link JedisBroker} on a test fixture. */
final class TestBrokers {
  private TestBrokers() {}

  static RedisBroker broker(RedisFixture fixture, RedisBrokerSettings settings) {
    return JedisBroker.create(fixture.brokerConfig().settings(settings).build());
  }
}
