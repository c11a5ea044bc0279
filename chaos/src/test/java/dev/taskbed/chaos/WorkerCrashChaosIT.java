package dev.taskbed.chaos;

import dev.taskbed.chaos.scenarios.WorkerCrashScenario;
import dev.taskbed.simulator.backend.RedisDriver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Scenario 7: worker JVMs killed with SIGKILL mid-task, on both backends. */
class WorkerCrashChaosIT {

  @ParameterizedTest(name = "{0}")
  @EnumSource(RedisDriver.class)
  void worker_jvms_killed_mid_task_lose_nothing(RedisDriver backend) {
    ChaosSuite.assertPassed(ChaosSuite.run(new WorkerCrashScenario(), backend));
  }
}
