package dev.taskbed.redis.jedis;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.testing.contracts.BrokerSmokeContract;

// README:begin contract
/** {@link BrokerSmokeContract} on the Jedis backend. */
class JedisBrokerSmokeIT extends BrokerSmokeContract {
  @Override
  protected RedisBroker open(RedisBrokerConfig config) {
    return JedisBroker.create(config);
  }
}
// README:end
