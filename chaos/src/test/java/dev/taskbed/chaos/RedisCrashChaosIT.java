package dev.taskbed.chaos;

import dev.taskbed.chaos.scenarios.RedisCrashScenario;
import dev.taskbed.simulator.backend.RedisDriver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Scenarios 5 and 6: Redis killed with SIGKILL under load, with and without persistence, on both backends. */
class RedisCrashChaosIT {

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void a_redis_crash_with_aof_always_loses_no_acknowledged_task(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(RedisCrashScenario.durable(), backend));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void the_same_crash_without_persistence_is_reported_as_loss(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(RedisCrashScenario.withoutPersistence(), backend));
  }
}
