package dev.taskbed.redis.redisson;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.testing.contracts.BrokerSmokeContract;

/** {@link BrokerSmokeContract} on the Redisson backend. */
class RedissonBrokerSmokeIT extends BrokerSmokeContract {
  @Override
  protected RedisBroker open(RedisBrokerConfig config) {
    return RedissonBroker.create(config);
  }
}
