package dev.taskbed.redis.jedis;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.testing.contracts.RedisRestartContract;

/** {@link RedisRestartContract} on the Jedis backend. */
class RedisRestartIT extends RedisRestartContract {
  @Override
  protected RedisBroker open(RedisBrokerConfig config) {
    return JedisBroker.create(config);
  }
}
