package dev.taskbed.redis.redisson;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.testing.contracts.RedisRestartContract;

/** {@link RedisRestartContract} on the Redisson backend. */
class RedisRestartIT extends RedisRestartContract {
  @Override
  protected RedisBroker open(RedisBrokerConfig config) {
    return RedissonBroker.create(config);
  }
}
