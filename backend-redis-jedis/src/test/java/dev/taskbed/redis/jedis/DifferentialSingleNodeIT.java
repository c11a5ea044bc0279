package dev.taskbed.redis.jedis;

import dev.taskbed.redis.testing.RedisFixture;
import dev.taskbed.redis.testing.SharedRedis;

class DifferentialSingleNodeIT extends AbstractDifferentialIT {
  @Override
  RedisFixture fixture() {
    return SharedRedis.local();
  }
}
