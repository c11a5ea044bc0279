package dev.taskbed.chaos;

import dev.taskbed.chaos.scenarios.WorkerCrashScenario;
import dev.taskbed.simulator.backend.RedisDriver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Scenario 7: worker JVMs killed with SIGKILL mid-task, on both backends. */
class WorkerCrashChaosIT {

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void workerJvmsKilledMidTask_loseNothing(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(new WorkerCrashScenario(), backend));
  }
}
