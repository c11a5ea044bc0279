package dev.taskbed.redis.jedis;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.testing.contracts.ClaimReplayContract;

/** {@link ClaimReplayContract} on the Jedis backend. */
class ClaimReplayIT extends ClaimReplayContract {
  @Override
  protected RedisBroker open(RedisBrokerConfig config) {
    return JedisBroker.create(config);
  }
}
