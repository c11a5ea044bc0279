package dev.taskbed.chaos;

import dev.taskbed.chaos.scenarios.ClockSkewScenario;
import dev.taskbed.simulator.backend.RedisDriver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Scenario 9: workers with wall clocks 30 s off, on both backends. */
class ClockSkewChaosIT {

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void skewedWorkerClocks_neitherRecoverLeasesEarlyNorRunTasksTwice(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(new ClockSkewScenario(), backend));
  }
}
