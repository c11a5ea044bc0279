package dev.taskbed.chaos;

import dev.taskbed.chaos.scenarios.ClockSkewScenario;
import dev.taskbed.simulator.backend.RedisDriver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Scenario 9: workers with wall clocks 30 s off, on both backends. */
class ClockSkewChaosIT {

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void skewed_worker_clocks_neither_recover_leases_early_nor_run_tasks_twice(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(new ClockSkewScenario(), backend));
  }
}
