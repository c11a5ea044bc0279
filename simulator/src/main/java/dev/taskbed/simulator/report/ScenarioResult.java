package dev.taskbed.simulator.report;

import dev.taskbed.conformance.history.AnomalyKind;
import dev.taskbed.simulator.verdict.Check;
import dev.taskbed.simulator.verdict.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of a {@link SuiteReport}: a scripted scenario run on one backend.
 *
 * @param number scenario number (1–10 in the chaos suite)
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
 * @param longestRecovery see {@code RecoveryTimes}; {@code null} when there was no fault or no recovery
 * @param unrecovered the fault after which nothing was completed, if any
 * @param verdict the judgement, with the checker's counts and the scenario's own checks (evidence first)
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
    Duration longestRecovery,
    String unrecovered,
    Verdict verdict,
    List<String> notes,
    String checkerSummary,
    Duration elapsed) {

  public ScenarioResult {
    faultPlan = List.copyOf(faultPlan);
    notes = List.copyOf(notes);
  }

  /** Scenario title with its variant, e.g. "failover (default)". */
  public String title() {
    return variant.isEmpty() ? scenario : scenario + " (" + variant + ")";
  }

  /** Acknowledged tasks lost (checker). */
  public long lost() {
    return verdict.count(AnomalyKind.LOST);
  }

  /** One attempt handed out twice (checker). */
  public long duplicatedClaims() {
    return verdict.count(AnomalyKind.DUPLICATED_CLAIM);
  }

  /** Acks or extensions accepted with a dead token (checker). */
  public long staleWrites() {
    return verdict.count(AnomalyKind.STALE_WRITE);
  }

  /** Finished tasks that came back (checker; "resurrected"). */
  public long doubleTerminal() {
    return verdict.count(AnomalyKind.DOUBLE_TERMINAL);
  }

  /** Tasks seen that nobody enqueued (checker). */
  public long unexpected() {
    return verdict.count(AnomalyKind.UNEXPECTED);
  }

  /** Tasks claimed before due (checker). */
  public long earlyDeliveries() {
    return verdict.count(AnomalyKind.EARLY_DELIVERY);
  }

  /** This row with {@code note} added. */
  public ScenarioResult withNote(String note) {
    List<String> more = new ArrayList<>(notes);
    more.add(note);
    return new ScenarioResult(number, scenario, backend, variant, seed, guarantee, expectation, faultPlan, operations, ok,
        failed, unknown, longestRecovery, unrecovered, verdict, more, checkerSummary, elapsed);
  }

  /** A failure message for a test: verdict, reason, failed checks, seed. */
  public String describeFailure() {
    StringBuilder s = new StringBuilder();
    s.append(number).append(". ").append(title()).append(" on ").append(backend).append(": ").append(verdict.status())
        .append(" — ").append(verdict.reason()).append("\nseed ").append(seed)
        .append(" (replay the whole suite with the master seed printed in the report)");
    for (Check c : verdict.checks()) {
      if (!c.passed()) {
        s.append("\n  ✗ ").append(c.what()).append(": ").append(c.detail());
      }
    }
    s.append("\n").append(checkerSummary);
    return s.toString();
  }
}
