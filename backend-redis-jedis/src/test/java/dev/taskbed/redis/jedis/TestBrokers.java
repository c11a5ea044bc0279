package dev.taskbed.redis.jedis;

import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.RedisFixture;

/** Builds a {@link JedisBroker} on a test fixture. */
final class TestBrokers {
  private TestBrokers() {}

  static RedisBrokerConfig.Builder config(RedisFixture fixture) {
    return fixture.isCluster() ? RedisBrokerConfig.cluster(fixture.nodes()) : RedisBrokerConfig.standalone(fixture.uri());
  }

  static JedisBroker broker(RedisFixture fixture, RedisBrokerSettings settings) {
    return JedisBroker.create(config(fixture).settings(settings).build());
  }
}
