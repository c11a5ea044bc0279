package dev.taskbed.redis.jedis;

import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisDriver;
import dev.taskbed.redis.testing.contracts.FaultInjectionContract;

/** {@link FaultInjectionContract} on the Jedis driver. */
class FaultInjectionIT extends FaultInjectionContract {
  @Override
  protected RedisDriver driver(RedisBrokerConfig config) {
    return new JedisDriver(config);
  }
}
