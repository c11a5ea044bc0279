package dev.taskbed.simulator.verdict;

import dev.taskbed.conformance.history.Anomaly;
import dev.taskbed.conformance.history.AnomalyKind;
import dev.taskbed.conformance.history.HistoryReport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The judgement of one run, configured or scripted: the history checker's report read against what
 * the run expected, together with the run's own checks. {@link #judge} holds every rule.
 *
 * @param status the outcome
 * @param reason why, in one sentence
 * @param checker which checker judged, e.g. {@code "conformance history checker (1200 operations)"}
 * @param counts what the checker counted, in its order: every anomaly kind by
 *     {@link AnomalyKind#label()} (lost, duplicated claim, ...), then summary totals
 * @param anomalies one line per example anomaly, with enough detail (task ids) to look it up
 * @param checks the run's own checks, evidence of its faults first
 */
public record Verdict(Status status, String reason, String checker, Map<String, Long> counts, List<String> anomalies,
    List<Check> checks) {

  /** How a run was judged. */
  public enum Status {
    /** Every guarantee held (for a negative control: the checker caught the loss it had to), and every fault was observed. */
    PASS,
    /** A guarantee was broken, a fault never fired, or the run could not finish. */
    FAIL,
    /** The run could not show what it had to (a failover's default mode lost nothing): proves nothing, so not a pass. */
    INCONCLUSIVE,
    /** Nothing could judge loss (no final read was recorded); the run says so instead of passing. */
    NOT_CHECKED
  }

  public Verdict {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(checker, "checker");
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    anomalies = List.copyOf(anomalies);
    checks = List.copyOf(checks);
  }

  /** Whether the run must fail its caller (a non-zero exit, a failed test). */
  public boolean failed() {
    return status == Status.FAIL || status == Status.INCONCLUSIVE;
  }

  /** The checker's count of {@code kind}. */
  public long count(AnomalyKind kind) {
    return counts.getOrDefault(kind.label(), 0L);
  }

  /**
   * Judges a run, first rule that applies:
   * <ol>
   *   <li>it threw ({@code error}): FAIL;
   *   <li>a fault was not observed to fire (an evidence check failed, or {@code faultsPlanned} and
   *       there is no evidence at all): FAIL;
   *   <li>one of its own checks failed: FAIL;
   *   <li>then by {@code expectation}: no anomaly: FAIL if the checker found any, NOT_CHECKED
   *       without a final read, else PASS; loss reported: PASS if the checker reports loss, else
   *       FAIL; loss shown: PASS if it reports loss, else INCONCLUSIVE; both NOT_CHECKED without a
   *       final read.
   * </ol>
   *
   * @param faultsPlanned whether the run must show evidence of its faults (scripted scenarios);
   *     a configured run's fault windows are reported, not judged
   */
  public static Verdict judge(HistoryReport report, Expectation expectation, List<Check> checks, boolean faultsPlanned,
      Throwable error) {
    List<Check> ordered = new ArrayList<>();
    checks.stream().filter(Check::evidence).forEach(ordered::add);
    checks.stream().filter(c -> !c.evidence()).forEach(ordered::add);
    List<String> missingEvidence = ordered.stream().filter(c -> c.evidence() && !c.passed()).map(Check::what).toList();
    List<String> broken = ordered.stream().filter(c -> !c.evidence() && !c.passed()).map(Check::what).toList();
    boolean anyEvidence = ordered.stream().anyMatch(Check::evidence);
    long lost = report.count(AnomalyKind.LOST);
    boolean judged = report.summary().lossChecked();

    Status status;
    String reason;
    if (error != null) {
      status = Status.FAIL;
      reason = "the scenario failed to run: " + error;
    } else if (!missingEvidence.isEmpty() || faultsPlanned && !anyEvidence) {
      status = Status.FAIL;
      reason = "the fault was never observed to fire" + (missingEvidence.isEmpty() ? "" : ": " + String.join("; ", missingEvidence));
    } else if (!broken.isEmpty()) {
      status = Status.FAIL;
      reason = "broken: " + String.join("; ", broken);
    } else if (expectation == Expectation.NO_ANOMALY && !report.valid()) {
      status = Status.FAIL;
      reason = "history check found anomalies: " + report;
    } else if (!judged) {
      status = Status.NOT_CHECKED;
      reason = "no final read was recorded, so loss was not judged";
    } else if (expectation == Expectation.NO_ANOMALY) {
      status = Status.PASS;
      reason = anyEvidence ? "guarantee held; fault observed" : "guarantee held";
    } else if (lost > 0) {
      status = Status.PASS;
      reason = expectation == Expectation.LOSS_REPORTED
          ? "the checker caught the loss (" + lost + " acknowledged task(s)), as it must"
          : "loss shown as documented (" + lost + " acknowledged task(s) lost)";
    } else if (expectation == Expectation.LOSS_REPORTED) {
      status = Status.FAIL;
      reason = "no loss reported although acknowledged tasks were wiped: the checker (or the fault) failed";
    } else {
      status = Status.INCONCLUSIVE;
      reason = "no acknowledged task was lost, so the run demonstrated nothing";
    }

    Map<String, Long> counts = new LinkedHashMap<>();
    for (AnomalyKind k : AnomalyKind.values()) {
      counts.put(k.label(), (long) report.count(k));
    }
    HistoryReport.Summary s = report.summary();
    counts.put("tasks acknowledged", (long) s.tasksAcknowledged());
    counts.put("enqueues unknown", (long) s.enqueuesUnknown());
    counts.put("deliveries", (long) s.deliveries());
    counts.put("visible at end", (long) s.tasksVisibleAtEnd());
    List<String> anomalies = new ArrayList<>();
    for (Anomaly a : report.examples()) {
      anomalies.add(a.kind().label() + " " + a.task() + ": " + a.description());
    }
    return new Verdict(status, reason, "conformance history checker (" + s.operations() + " operations)", counts,
        anomalies, ordered);
  }
}
