package dev.taskbed.redis.redisson;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.testing.contracts.ReplicaFailoverContract;

/** {@link ReplicaFailoverContract} on the Redisson backend. */
class ReplicaFailoverIT extends ReplicaFailoverContract {
  @Override
  protected RedisBroker open(RedisBrokerConfig config) {
    return RedissonBroker.create(config);
  }
}
