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
  void by_default_a_failover_loses_acknowledged_writes_and_the_report_counts_them(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.runUntilConclusive(
        attempt -> new FailoverScenario(FailoverScenario.Mode.DEFAULT, attempt), backend, MAX_ATTEMPTS));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void with_replica_acks_the_same_failover_loses_nothing(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(new FailoverScenario(FailoverScenario.Mode.WAIT, 1), backend));
  }
}
