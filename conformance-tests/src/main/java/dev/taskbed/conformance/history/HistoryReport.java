package dev.taskbed.conformance.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the {@link HistoryChecker} found: a count per {@link AnomalyKind} (exact) with a few
 * examples each (capped), plus totals about the history. Immutable.
 */
public final class HistoryReport {
  private final Map<AnomalyKind, Integer> counts;
  private final Map<AnomalyKind, List<Anomaly>> examples;
  private final Summary summary;

  /**
   * Totals about the checked history, Jepsen-style.
   *
   * @param operations operations invoked
   * @param tasksAttempted distinct tasks some enqueue was attempted for
   * @param tasksAcknowledged distinct tasks some enqueue acknowledged
   * @param enqueuesUnknown enqueue operations with an unknown outcome
   * @param tasksRecovered tasks never acknowledged but later delivered or seen (unknown enqueues that happened)
   * @param claims claim operations that completed ok
   * @param deliveries distinct lease tokens delivered
   * @param acksOk acks and extensions answered OK
   * @param lossChecked whether the history has a final read, without which loss cannot be judged
   * @param tasksVisibleAtEnd tasks in the final read
   * @param purgedUnseen acknowledged tasks not counted lost only because a purge may have removed
   *     them unobserved after recovery archived them
   */
  public record Summary(
      int operations,
      int tasksAttempted,
      int tasksAcknowledged,
      int enqueuesUnknown,
      int tasksRecovered,
      int claims,
      int deliveries,
      int acksOk,
      boolean lossChecked,
      int tasksVisibleAtEnd,
      int purgedUnseen) {}

  HistoryReport(Map<AnomalyKind, Integer> counts, Map<AnomalyKind, List<Anomaly>> examples, Summary summary) {
    EnumMap<AnomalyKind, Integer> c = new EnumMap<>(AnomalyKind.class);
    EnumMap<AnomalyKind, List<Anomaly>> e = new EnumMap<>(AnomalyKind.class);
    for (AnomalyKind k : AnomalyKind.values()) {
      c.put(k, counts.getOrDefault(k, 0));
      e.put(k, List.copyOf(examples.getOrDefault(k, List.of())));
    }
    this.counts = Collections.unmodifiableMap(c);
    this.examples = Collections.unmodifiableMap(e);
    this.summary = summary;
  }

  /** Whether no anomaly of any kind was found. */
  public boolean valid() {
    return total() == 0;
  }

  /** Number of anomalies of all kinds. */
  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Number of anomalies of {@code kind}. */
  public int count(AnomalyKind kind) {
    return counts.get(kind);
  }

  /** Counts for every kind (zeros included), in declaration order. */
  public Map<AnomalyKind, Integer> counts() {
    return counts;
  }

  /** Up to the configured number of examples of {@code kind}. */
  public List<Anomaly> examples(AnomalyKind kind) {
    return examples.get(kind);
  }

  /** Every example kept, kind by kind. */
  public List<Anomaly> examples() {
    List<Anomaly> all = new ArrayList<>();
    examples.values().forEach(all::addAll);
    return all;
  }

  public Summary summary() {
    return summary;
  }

  /** A Markdown summary: verdict, a table of counts with one example each, and the totals. */
  public String toMarkdown() {
    StringBuilder s = new StringBuilder();
    s.append("### History check: ").append(valid() ? "valid" : "INVALID (" + total() + " anomalies)").append("\n\n");
    s.append("| anomaly | count | example |\n|---|---:|---|\n");
    for (AnomalyKind k : AnomalyKind.values()) {
      List<Anomaly> ex = examples.get(k);
      s.append("| ").append(k.label()).append(" | ").append(counts.get(k)).append(" | ")
          .append(ex.isEmpty() ? "" : escape(ex.get(0).task() + ": " + ex.get(0).description())).append(" |\n");
    }
    Summary m = summary;
    s.append("\n").append(m.operations()).append(" operations; ")
        .append(m.tasksAttempted()).append(" tasks attempted, ")
        .append(m.tasksAcknowledged()).append(" acknowledged, ")
        .append(m.enqueuesUnknown()).append(" enqueues unknown, ")
        .append(m.tasksRecovered()).append(" recovered; ")
        .append(m.claims()).append(" claims delivering ").append(m.deliveries()).append(" leases; ")
        .append(m.acksOk()).append(" acks OK; ")
        .append(m.lossChecked()
            ? "final read saw " + m.tasksVisibleAtEnd() + " tasks" + (m.purgedUnseen() > 0 ? ", " + m.purgedUnseen() + " possibly purged unseen" : "")
            : "no final read: loss NOT checked")
        .append(".\n");
    for (AnomalyKind k : AnomalyKind.values()) {
      List<Anomaly> ex = examples.get(k);
      if (ex.size() > 1) {
        s.append("\n").append(k.label()).append(" examples:\n");
        for (Anomaly a : ex) {
          s.append("- ").append(a.task()).append(": ").append(a.description()).append('\n');
        }
      }
    }
    return s.toString();
  }

  private static String escape(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  /** One line per kind with a non-zero count, or "valid". */
  @Override
  public String toString() {
    if (valid()) {
      return "HistoryReport{valid, " + summary + "}";
    }
    StringBuilder s = new StringBuilder("HistoryReport{INVALID");
    for (AnomalyKind k : AnomalyKind.values()) {
      if (counts.get(k) > 0) {
        s.append(", ").append(k.label()).append('=').append(counts.get(k));
        List<Anomaly> ex = examples.get(k);
        if (!ex.isEmpty()) {
          s.append(" (e.g. ").append(ex.get(0).task()).append(": ").append(ex.get(0).description()).append(')');
        }
      }
    }
    return s.append('}').toString();
  }
}
