package dev.taskbed.redis.redisson;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.testing.contracts.ServerClockContract;

/** {@link ServerClockContract} on the Redisson backend. */
class ServerClockIT extends ServerClockContract {
  @Override
  protected RedisBroker open(RedisBrokerConfig config) {
    return RedissonBroker.create(config);
  }
}
