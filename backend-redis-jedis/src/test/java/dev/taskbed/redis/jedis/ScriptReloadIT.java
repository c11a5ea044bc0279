package dev.taskbed.redis.jedis;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.testing.contracts.ScriptReloadContract;

/** {@link ScriptReloadContract} on the Jedis backend. */
class ScriptReloadIT extends ScriptReloadContract {
  @Override
  protected RedisBroker open(RedisBrokerConfig config) {
    return JedisBroker.create(config);
  }
}
