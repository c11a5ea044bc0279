package dev.taskbed.simulator.scripted;

import dev.taskbed.simulator.report.ScenarioResult;

/**
 * A scripted scenario: Java code that sets up what it needs, drives workers and producers through
 * its faults on a {@link ScenarioRun}, checks what it must, and returns its report row. The chaos
 * suite's scenarios are written this way; a configured scenario (a scenario file) is run by
 * {@code Simulation} instead, from the same parts.
 */
public interface ScriptedScenario {

  ScenarioInfo info();

  /** For a scenario run in several modes, which one; empty otherwise. Part of the row's seed. */
  default String variant() {
    return "";
  }

  /**
   * Runs the scenario on {@code run} (its backend, seed and timing), ending with
   * {@link ScenarioRun#finish}. Exceptions make the row FAIL.
   */
  ScenarioResult run(ScenarioRun run) throws Exception;
}
