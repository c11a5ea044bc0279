package dev.taskbed.redis.jedis;

import dev.taskbed.redis.testing.RedisFixture;
import dev.taskbed.redis.testing.SharedRedis;

/** The differential run against Redis 7.0.15 in a container started by Testcontainers. */
class DifferentialContainerIT extends AbstractDifferentialIT {
  @Override
  RedisFixture fixture() {
    return SharedRedis.container();
  }
}
