package dev.taskbed.redis.jedis;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.it.BrokerSmokeContract;

/** {@link BrokerSmokeContract} on the Jedis backend. */
class JedisBrokerSmokeIT extends BrokerSmokeContract {
  @Override
  protected RedisBroker open(RedisBrokerConfig config) {
    return JedisBroker.create(config);
  }
}
