package dev.taskbed.chaos.scenarios;

import dev.taskbed.chaos.harness.ChaosRun;
import dev.taskbed.chaos.report.ScenarioResult;

/** One chaos scenario: sets up its infrastructure, drives clients through its faults, and returns its row. */
public interface ChaosScenario {

  ScenarioInfo info();

  /** For a scenario run in several modes, which one; empty otherwise. Part of the row's seed. */
  default String variant() {
    return "";
  }

  /**
   * Runs the scenario on {@code run} (its backend, seed and timing), ending with
   * {@link ChaosRun#finish}. Exceptions make the row FAIL.
   */
  ScenarioResult run(ChaosRun run) throws Exception;
}
