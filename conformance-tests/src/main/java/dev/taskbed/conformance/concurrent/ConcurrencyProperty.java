package dev.taskbed.conformance.concurrent;

import dev.taskbed.conformance.BackendCapabilities;
import dev.taskbed.conformance.BrokerFactory;
import dev.taskbed.conformance.ConformanceProfile;
import dev.taskbed.conformance.history.HistoryReport;
import dev.taskbed.conformance.runner.FailureReports;
import dev.taskbed.conformance.runner.PropertyFailure;
import dev.taskbed.conformance.runner.PropertyResult;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The concurrency property: several real threads claim, ack, fail, requeue, extend, act as
 * zombies with lapsed leases, produce and maintain, all at once against one broker; the recorded
 * history must show no lost, duplicated, unexpected, stale, double-terminal or early anomaly.
 *
 * <p>A failing plan is shrunk: rounds, actions and setup tasks are removed while some re-run
 * (each candidate gets several tries, since interleavings vary) still fails. The seed replays the
 * plan exactly, not the interleaving; a report says so.
 */
public final class ConcurrencyProperty {
  /** Tries per shrinking candidate: a race that shows once in this many runs of a tiny plan is caught. */
  static final int TRIES_PER_CANDIDATE = 12;
  private static final int MAX_SHRINK_RUNS = 1_500;
  /**
   * On a real clock, leases and clock moves shrink to a twentieth (leases 25-250 ms, rounds a few
   * tens of ms apart) so a run takes seconds, while still letting leases lapse mid-run.
   */
  static final double REAL_TIME_SCALE = 0.05;

  private ConcurrencyProperty() {}

  /** Runs {@code profile.concurrentRuns()} plans (or only the replay seed). */
  public static PropertyResult check(BrokerFactory factory, BackendCapabilities capabilities, ConformanceProfile profile) {
    String property = "concurrent clients (" + profile.threads() + " threads)";
    long started = System.nanoTime();
    double timeScale = capabilities.virtualTime() ? 1.0 : REAL_TIME_SCALE;
    ConcurrentRunner runner = new ConcurrentRunner(factory, capabilities, profile.threads());
    long master = profile.masterSeed().orElseGet(() -> new SplittableRandom().nextLong());
    SplittableRandom seeds = new SplittableRandom(master ^ 0x6A09E667F3BCC909L);
    int cases = profile.replaySeed().isPresent() ? 1 : profile.concurrentRuns();
    long operations = 0;
    long deliveries = 0;
    for (int i = 0; i < cases; i++) {
      long seed = profile.replaySeed().orElseGet(seeds::nextLong);
      ConcurrentPlan plan = ConcurrentPlan.generate(seed, profile.threads(), profile.rounds(), timeScale);
      ConcurrentRunner.Result result = runner.run(plan);
      operations += result.calls();
      if (result.failed()) {
        PropertyFailure failure = explain(property, runner, plan, result, master, profile);
        return new PropertyResult(property, i + 1, operations, 0, Duration.ofNanos(System.nanoTime() - started), Optional.of(failure));
      }
      HistoryReport report = result.report();
      deliveries += report.summary().deliveries();
    }
    if (deliveries == 0) {
      throw new IllegalStateException("the concurrent runs delivered no task at all: the property checked nothing");
    }
    return new PropertyResult(property, cases, operations, 0, Duration.ofNanos(System.nanoTime() - started), Optional.empty());
  }

  private static PropertyFailure explain(String property, ConcurrentRunner runner, ConcurrentPlan plan,
      ConcurrentRunner.Result failed, long master, ConformanceProfile profile) {
    ConcurrentPlan best = plan;
    ConcurrentRunner.Result bestResult = failed;
    int runs = 0;
    boolean progress = true;
    while (progress && runs < MAX_SHRINK_RUNS) {
      progress = false;
      for (ConcurrentPlan candidate : best.simplifications()) {
        if (runs >= MAX_SHRINK_RUNS) {
          break;
        }
        ConcurrentRunner.Result r = null;
        for (int t = 0; t < TRIES_PER_CANDIDATE && runs < MAX_SHRINK_RUNS; t++) {
          runs++;
          ConcurrentRunner.Result attempt = runner.run(candidate);
          if (attempt.failed()) {
            r = attempt;
            break;
          }
        }
        if (r != null) {
          best = candidate;
          bestResult = r;
          progress = true;
          break;
        }
      }
    }
    StringBuilder report = new StringBuilder()
        .append("Taskbed conformance: ").append(property).append(" FAILED\n")
        .append("  seed ").append(plan.seed())
        .append(profile.replaySeed().isPresent() ? " (replayed" : " (master seed " + master).append(", profile ").append(profile).append(")\n")
        .append("  replay the plan: ").append(profile.replayProperties(plan.seed()))
        .append(" (threads race inside each round, so a replay repeats the plan, not the interleaving)\n")
        .append("  shrunk from ").append(plan.size()).append(" to ").append(best.size()).append(" steps in ").append(runs)
        .append(" runs; minimal plan (then: drain, final read, history check):\n");
    best.describe().forEach(l -> report.append("    ").append(l).append('\n'));
    report.append("  what the checker found:\n    ").append(bestResult.failure().replace("\n", "\n    ")).append('\n');
    String name = "concurrent-seed-" + plan.seed() + ".txt";
    return new PropertyFailure(property, plan.seed(), plan.size(), best.describe(), bestResult.failure(), runs,
        report.toString(), FailureReports.write(name, report.toString()));
  }
}
