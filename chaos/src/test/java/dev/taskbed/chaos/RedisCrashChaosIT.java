package dev.taskbed.chaos;

import dev.taskbed.chaos.scenarios.RedisCrashScenario;
import dev.taskbed.simulator.backend.RedisDriver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Scenarios 5 and 6: Redis killed with SIGKILL under load, with and without persistence, on both backends. */
class RedisCrashChaosIT {

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void aRedisCrash_withAofAlways_losesNoAcknowledgedTask(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(RedisCrashScenario.durable(), backend));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void theSameCrash_withoutPersistence_isReportedAsLoss(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(RedisCrashScenario.withoutPersistence(), backend));
  }
}
