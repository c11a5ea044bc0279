package dev.taskbed.chaos;

import dev.taskbed.chaos.harness.ChaosRun;
import dev.taskbed.chaos.report.ChaosReport;
import dev.taskbed.chaos.report.ScenarioResult;
import dev.taskbed.chaos.report.Verdict;
import dev.taskbed.chaos.scenarios.ChaosScenario;
import java.util.Locale;
import java.util.SplittableRandom;
import org.opentest4j.AssertionFailedError;

/**
 * Runs scenarios for the chaos ITs: draws each row's seed from the master seed, runs the scenario
 * on one backend, adds the row to the shared report (written at once, also for failures) and fails
 * the test unless the verdict is PASS.
 *
 * <p>The master seed is {@code -Dtaskbed.chaos.seed} or, when unset, drawn once per JVM; it is
 * printed and written into the report. A row's seed depends only on the master seed, the scenario
 * number, its variant and the backend, so one master seed replays every row's fault plan.
 */
public final class ChaosSuite {
  /** The timing profile of every scenario. */
  public static final ChaosTiming TIMING = ChaosTiming.COMPRESSED;
  private static final long MASTER_SEED = masterSeed();

  private ChaosSuite() {}

  private static long masterSeed() {
    String configured = System.getProperty("taskbed.chaos.seed", "").strip();
    long seed = configured.isEmpty() ? new SplittableRandom().nextLong() : Long.parseLong(configured);
    System.out.println("[taskbed-chaos] master seed " + seed + (configured.isEmpty() ? " (fresh)" : " (given)")
        + "; replay with -Dtaskbed.chaos.seed=" + seed);
    return seed;
  }

  /** The report this JVM writes. */
  public static ChaosReport report() {
    return ChaosReport.shared(MASTER_SEED, TIMING);
  }

  /** The seed of one row. */
  static long seedFor(long master, int number, String variant, BackendKind backend) {
    long h = master;
    h = h * 31 + number;
    h = h * 31 + variant.hashCode();
    h = h * 31 + backend.ordinal();
    return new SplittableRandom(h).nextLong();
  }

  /** Runs {@code scenario} on {@code backend} and reports the row. */
  public static ScenarioResult run(ChaosScenario scenario, BackendKind backend) {
    ScenarioResult result = runQuietly(scenario, backend, seedFor(MASTER_SEED, scenario.info().number(), scenario.variant(),
        backend));
    report().add(result);
    return result;
  }

  private static ScenarioResult runQuietly(ChaosScenario scenario, BackendKind backend, long seed) {
    System.out.printf(Locale.ROOT, "[taskbed-chaos] %d. %s%s on %s, seed %d%n", scenario.info().number(),
        scenario.info().title(), scenario.variant().isEmpty() ? "" : " (" + scenario.variant() + ")", backend.label(), seed);
    ScenarioResult result;
    try (ChaosRun run = new ChaosRun(scenario.info(), backend, scenario.variant(), seed, TIMING)) {
      try {
        result = scenario.run(run);
      } catch (Throwable t) {
        if (t instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        t.printStackTrace();
        result = run.aborted(t);
      }
    }
    System.out.printf(Locale.ROOT, "[taskbed-chaos]    -> %s: %s (%d ops, %d ok / %d failed / %d unknown, lost %d, "
            + "duplicated claims %d, stale writes %d, %.1f s)%n", result.verdict(), result.verdictReason(), result.operations(),
        result.ok(), result.failed(), result.unknown(), result.lost(), result.duplicatedClaims(), result.staleWrites(),
        result.elapsed().toMillis() / 1000.0);
    return result;
  }

  /**
   * Runs the scenario {@code attempt} makes (1, 2, ...) until its verdict is not INCONCLUSIVE, at
   * most {@code maxAttempts} times; only the last row is reported, noting the earlier attempts. An
   * inconclusive last attempt stays INCONCLUSIVE and fails the test: a scenario that never
   * demonstrates what it must is not a pass.
   */
  public static ScenarioResult runUntilConclusive(java.util.function.IntFunction<ChaosScenario> attempt, BackendKind backend,
      int maxAttempts) {
    java.util.List<String> earlier = new java.util.ArrayList<>();
    for (int a = 1; ; a++) {
      ChaosScenario scenario = attempt.apply(a);
      long seed = seedFor(MASTER_SEED, scenario.info().number(), scenario.variant() + "#" + a, backend);
      ScenarioResult result = runQuietly(scenario, backend, seed);
      if (result.verdict() != Verdict.INCONCLUSIVE || a == maxAttempts) {
        if (!earlier.isEmpty()) {
          java.util.List<String> notes = new java.util.ArrayList<>(result.notes());
          notes.add("earlier inconclusive attempt(s), retried with a longer isolation: " + earlier);
          result = new ScenarioResult(result.number(), result.scenario(), result.backend(), result.variant(), result.seed(),
              result.guarantee(), result.expectation(), result.faultPlan(), result.operations(), result.ok(), result.failed(),
              result.unknown(), result.lost(), result.duplicatedClaims(), result.staleWrites(), result.doubleTerminal(),
              result.unexpected(), result.earlyDeliveries(), result.longestRecovery(), result.unrecovered(), result.checks(),
              result.verdict(), result.verdictReason(), notes, result.checkerSummary(), result.elapsed());
        }
        report().add(result);
        return result;
      }
      earlier.add("seed " + seed + ": " + result.verdictReason());
    }
  }

  /** Fails the calling test unless {@code result} passed. */
  public static void assertPassed(ScenarioResult result) {
    if (result.verdict() != Verdict.PASS) {
      throw new AssertionFailedError(result.describeFailure());
    }
  }
}
