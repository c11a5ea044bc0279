package dev.taskbed.chaos;

import dev.taskbed.chaos.scenarios.FailoverScenario;
import dev.taskbed.simulator.backend.RedisDriver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Scenario 10: Sentinel failover with the old primary isolated from replica and Sentinels but not
 * from clients, in both durability modes, on both backends.
 */
class FailoverChaosIT {
  /** Attempts for the default mode before an inconclusive run (no loss shown) fails the build. */
  static final int MAX_ATTEMPTS = 3;

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void byDefault_aFailoverLosesAcknowledgedWrites_andTheReportCountsThem(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.runUntilConclusive(
        attempt -> new FailoverScenario(FailoverScenario.Mode.DEFAULT, attempt), backend, MAX_ATTEMPTS));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void withReplicaAcks_theSameFailoverLosesNothing(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(new FailoverScenario(FailoverScenario.Mode.WAIT, 1), backend));
  }
}
