package dev.taskbed.redis.jedis;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.testing.contracts.WakeUpHintContract;

/** {@link WakeUpHintContract} on the Jedis backend. */
class WakeUpHintIT extends WakeUpHintContract {
  @Override
  protected RedisBroker open(RedisBrokerConfig config) {
    return JedisBroker.create(config);
  }
}
