package dev.taskbed.redis.jedis;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.testing.contracts.ReplicaFailoverContract;

/** {@link ReplicaFailoverContract} on the Jedis backend. */
class ReplicaFailoverIT extends ReplicaFailoverContract {
  @Override
  protected RedisBroker open(RedisBrokerConfig config) {
    return JedisBroker.create(config);
  }
}
