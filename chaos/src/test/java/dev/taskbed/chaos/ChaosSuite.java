package dev.taskbed.chaos;

import dev.taskbed.simulator.backend.RedisDriver;
import dev.taskbed.simulator.report.ScenarioResult;
import dev.taskbed.simulator.report.SuiteReport;
import dev.taskbed.simulator.scripted.ScenarioRun;
import dev.taskbed.simulator.scripted.ScriptedScenario;
import dev.taskbed.simulator.scripted.TimingProfile;
import dev.taskbed.simulator.verdict.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.opentest4j.AssertionFailedError;

/**
 * Drives the harness's scripted scenarios for the chaos ITs: draws each row's seed from the master
 * seed, runs the scenario on one backend (a {@link ScenarioRun}), adds the row to the shared report
 * (written at once, also for failures) and fails the test unless the verdict is PASS.
 *
 * <p>The master seed is {@code -Dtaskbed.chaos.seed} or, when unset, drawn once per JVM; it is
 * printed and written into the report. A row's seed depends only on the master seed, the scenario
 * number, its variant and the backend, so one master seed replays every row's fault plan.
 */
public final class ChaosSuite {
  /** The timing profile of every scenario. */
  public static final TimingProfile TIMING = TimingProfile.COMPRESSED;
  private static final long MASTER_SEED = masterSeed();
  /** One report per test JVM, shared by every chaos IT class; {@code -Dtaskbed.chaos.report.dir} (default {@code target}). */
  private static final SuiteReport REPORT = new SuiteReport(reportDir(), "chaos", MASTER_SEED,
      "mvn -pl chaos -am verify -Dtaskbed.chaos.seed=" + MASTER_SEED, TIMING);

  private ChaosSuite() {}

  private static long masterSeed() {
    String configured = System.getProperty("taskbed.chaos.seed", "").strip();
    long seed = configured.isEmpty() ? new SplittableRandom().nextLong() : Long.parseLong(configured);
    System.out.println("[taskbed-chaos] master seed " + seed + (configured.isEmpty() ? " (fresh)" : " (given)")
        + "; replay with -Dtaskbed.chaos.seed=" + seed);
    return seed;
  }

  private static Path reportDir() {
    String d = System.getProperty("taskbed.chaos.report.dir", "");
    return Path.of(d.isBlank() ? "target" : d);
  }

  /** The report this JVM writes. */
  public static SuiteReport report() {
    return REPORT;
  }

  /** The seed of one row. */
  static long seedFor(long master, int number, String variant, RedisDriver backend) {
    long h = master;
    h = h * 31 + number;
    h = h * 31 + variant.hashCode();
    h = h * 31 + backend.ordinal();
    return new SplittableRandom(h).nextLong();
  }

  /** Runs {@code scenario} on {@code backend} and reports the row. */
  public static ScenarioResult run(ScriptedScenario scenario, RedisDriver backend) {
    ScenarioResult result = runQuietly(scenario, backend, seedFor(MASTER_SEED, scenario.info().number(), scenario.variant(),
        backend));
    REPORT.add(result);
    return result;
  }

  private static ScenarioResult runQuietly(ScriptedScenario scenario, RedisDriver backend, long seed) {
    System.out.printf(Locale.ROOT, "[taskbed-chaos] %d. %s%s on %s, seed %d%n", scenario.info().number(),
        scenario.info().title(), scenario.variant().isEmpty() ? "" : " (" + scenario.variant() + ")", backend.label(), seed);
    ScenarioResult result;
    try (ScenarioRun run = new ScenarioRun(scenario.info(), backend, scenario.variant(), seed, TIMING)) {
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
            + "duplicated claims %d, stale writes %d, %.1f s)%n", result.verdict().status(), result.verdict().reason(),
        result.operations(), result.ok(), result.failed(), result.unknown(), result.lost(), result.duplicatedClaims(),
        result.staleWrites(), result.elapsed().toMillis() / 1000.0);
    return result;
  }

  /**
   * Runs the scenario {@code attempt} makes (1, 2, ...) until its verdict is not INCONCLUSIVE, at
   * most {@code maxAttempts} times; only the last row is reported, noting the earlier attempts. An
   * inconclusive last attempt stays INCONCLUSIVE and fails the test: a scenario that never
   * demonstrates what it must is not a pass.
   */
  public static ScenarioResult runUntilConclusive(IntFunction<ScriptedScenario> attempt, RedisDriver backend,
      int maxAttempts) {
    List<String> earlier = new ArrayList<>();
    for (int a = 1; ; a++) {
      ScriptedScenario scenario = attempt.apply(a);
      long seed = seedFor(MASTER_SEED, scenario.info().number(), scenario.variant() + "#" + a, backend);
      ScenarioResult result = runQuietly(scenario, backend, seed);
      if (result.verdict().status() != Verdict.Status.INCONCLUSIVE || a == maxAttempts) {
        if (!earlier.isEmpty()) {
          result = result.withNote("earlier inconclusive attempt(s), retried with a longer isolation: " + earlier);
        }
        REPORT.add(result);
        return result;
      }
      earlier.add("seed " + seed + ": " + result.verdict().reason());
    }
  }

  /** Fails the calling test unless {@code result} passed. */
  public static void assertPassed(ScenarioResult result) {
    if (result.verdict().status() != Verdict.Status.PASS) {
      throw new AssertionFailedError(result.describeFailure());
    }
  }
}
