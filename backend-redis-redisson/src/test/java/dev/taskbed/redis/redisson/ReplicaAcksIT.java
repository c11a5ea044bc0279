package dev.taskbed.redis.redisson;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.testing.contracts.ReplicaAcksContract;

/** {@link ReplicaAcksContract} on the Redisson backend. */
class ReplicaAcksIT extends ReplicaAcksContract {
  @Override
  protected RedisBroker open(RedisBrokerConfig config) {
    return RedissonBroker.create(config);
  }
}
