package dev.taskbed.redis.jedis;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.testing.contracts.ReplicaAcksContract;

/** {@link ReplicaAcksContract} on the Jedis backend. */
class ReplicaAcksIT extends ReplicaAcksContract {
  @Override
  protected RedisBroker open(RedisBrokerConfig config) {
    return JedisBroker.create(config);
  }
}
