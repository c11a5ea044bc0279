package dev.taskbed.redis.redisson;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.testing.contracts.ScriptReloadContract;

/** {@link ScriptReloadContract} on the Redisson backend. */
class ScriptReloadIT extends ScriptReloadContract {
  @Override
  protected RedisBroker open(RedisBrokerConfig config) {
    return RedissonBroker.create(config);
  }
}
