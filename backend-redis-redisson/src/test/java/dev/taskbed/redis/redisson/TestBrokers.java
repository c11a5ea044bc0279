package dev.taskbed.redis.redisson;

import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.jedis.JedisBroker;
import dev.taskbed.redis.testing.RedisFixture;

/** Builds Redisson (and, for interoperability tests, Jedis) brokers on a test fixture. */
final class TestBrokers {
  private TestBrokers() {}

  static RedisBrokerConfig.Builder config(RedisFixture fixture) {
    return fixture.isCluster() ? RedisBrokerConfig.cluster(fixture.nodes())
        : RedisBrokerConfig.standalone(fixture.uri());
  }

  static RedissonBroker broker(RedisFixture fixture, RedisBrokerSettings settings) {
    return RedissonBroker.create(config(fixture).settings(settings).build());
  }

  static JedisBroker jedis(RedisFixture fixture, RedisBrokerSettings settings) {
    RedisBrokerConfig.Builder b = fixture.isCluster() ? RedisBrokerConfig.cluster(fixture.nodes())
        : RedisBrokerConfig.standalone(fixture.uri());
    return JedisBroker.create(b.settings(settings).build());
  }
}
