package dev.taskbed.chaos;

import dev.taskbed.chaos.scenarios.RedisCrashScenario;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Scenarios 5 and 6: Redis killed with SIGKILL under load, with and without persistence, on both backends. */
class RedisCrashChaosIT {

  @ParameterizedTest(name = "{0}")
  @EnumSource(BackendKind.class)
  void aRedisCrash_withAofAlways_losesNoAcknowledgedTask(BackendKind backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(RedisCrashScenario.durable(), backend));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(BackendKind.class)
  void theSameCrash_withoutPersistence_isReportedAsLoss(BackendKind backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(RedisCrashScenario.withoutPersistence(), backend));
  }
}
