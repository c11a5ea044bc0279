package dev.taskbed.chaos.report;

import java.time.Duration;
import java.util.List;

/**
 * One row of the chaos report: a scenario run on one backend.
 *
 * @param number scenario number (1–10) as in the issue
 * @param scenario the scenario's short title
 * @param backend {@code jedis} or {@code redisson}
 * @param variant a scenario run in several modes names the mode here (e.g. {@code default}); else empty
 * @param seed the seed this row's fault plan was drawn from
 * @param guarantee what the scenario checks, as a sentence
 * @param expectation what the history check must say (e.g. "no anomaly", "loss reported")
 * @param faultPlan the faults as drawn from the seed, with their parameters
 * @param operations operations recorded in the history
 * @param ok operations that completed OK
 * @param failed operations that certainly did not take effect
 * @param unknown operations whose outcome is unknown (including those that never completed)
 * @param lost acknowledged tasks lost (checker)
 * @param duplicatedClaims one attempt handed out twice (checker)
 * @param staleWrites acks or extensions accepted with a dead token (checker)
 * @param doubleTerminal finished tasks that came back (checker; "resurrected")
 * @param unexpected tasks seen that nobody enqueued (checker)
 * @param earlyDeliveries tasks claimed before due (checker)
 * @param longestRecovery see {@code RecoveryTimes}; {@code null} when there was no fault or no recovery
 * @param unrecovered the fault after which nothing was completed, if any
 * @param checks the scenario's own checks, evidence first
 * @param verdict the outcome
 * @param verdictReason why, in one sentence
 * @param notes measurements worth reading (throughput, counts)
 * @param checkerSummary the history checker's Markdown summary with examples
 * @param elapsed wall time of the run
 */
public record ScenarioResult(
    int number,
    String scenario,
    String backend,
    String variant,
    long seed,
    String guarantee,
    String expectation,
    List<String> faultPlan,
    int operations,
    int ok,
    int failed,
    int unknown,
    int lost,
    int duplicatedClaims,
    int staleWrites,
    int doubleTerminal,
    int unexpected,
    int earlyDeliveries,
    Duration longestRecovery,
    String unrecovered,
    List<Check> checks,
    Verdict verdict,
    String verdictReason,
    List<String> notes,
    String checkerSummary,
    Duration elapsed) {

  public ScenarioResult {
    faultPlan = List.copyOf(faultPlan);
    checks = List.copyOf(checks);
    notes = List.copyOf(notes);
  }

  /** Scenario title with its variant, e.g. "failover (default)". */
  public String title() {
    return variant.isEmpty() ? scenario : scenario + " (" + variant + ")";
  }

  /** A failure message for the test: verdict, reason, failed checks, seed. */
  public String describeFailure() {
    StringBuilder s = new StringBuilder();
    s.append(number).append(". ").append(title()).append(" on ").append(backend).append(": ").append(verdict)
        .append(" — ").append(verdictReason).append("\nseed ").append(seed).append(" (replay the whole suite with -Dtaskbed.chaos.seed=… as printed in the report)");
    for (Check c : checks) {
      if (!c.passed()) {
        s.append("\n  ✗ ").append(c.what()).append(": ").append(c.detail());
      }
    }
    s.append("\n").append(checkerSummary);
    return s.toString();
  }
}
