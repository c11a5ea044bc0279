package dev.taskbed.redis.redisson;

import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.jedis.JedisBroker;
import dev.taskbed.redis.jedis.JedisBrokerConfig;
import dev.taskbed.redis.testing.RedisFixture;

/** Builds Redisson (and, for interoperability tests, Jedis) brokers on a test fixture. */
final class TestBrokers {
  private TestBrokers() {}

  static RedissonBrokerConfig.Builder config(RedisFixture fixture) {
    return fixture.isCluster() ? RedissonBrokerConfig.cluster(fixture.nodes())
        : RedissonBrokerConfig.standalone(fixture.uri());
  }

  static RedissonBroker broker(RedisFixture fixture, RedisBrokerSettings settings) {
    return RedissonBroker.create(config(fixture).settings(settings).build());
  }

  static JedisBroker jedis(RedisFixture fixture, RedisBrokerSettings settings) {
    JedisBrokerConfig.Builder b = fixture.isCluster() ? JedisBrokerConfig.cluster(fixture.nodes())
        : JedisBrokerConfig.standalone(fixture.uri());
    return JedisBroker.create(b.settings(settings).build());
  }
}
