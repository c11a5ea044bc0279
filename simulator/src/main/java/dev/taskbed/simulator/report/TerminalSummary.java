package dev.taskbed.simulator.report;

import dev.taskbed.QueueStats;
import dev.taskbed.simulator.metrics.Counter;
import dev.taskbed.simulator.metrics.LatencySummary;
import dev.taskbed.simulator.run.FaultRecord;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The summary printed at the end of a run: verdict first, then counts, latencies, faults and the
 * final queues, as aligned tables. The only place the wall-clock run time appears.
 */
public final class TerminalSummary {
  /** Beyond this many fault windows the summary shows one line per scheduled fault. */
  static final int MAX_FAULT_LINES = 12;

  private TerminalSummary() {}

  /**
   * @param wallTime how long the run took on the wall clock
   * @param judgingTime of that, how long recording's final read and the history check took
   */
  public static String render(RunReport r, Duration wallTime, Duration judgingTime, String reportLocation) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "Taskbed simulation: scenario %s, seed %d, %s, backend %s%n", r.scenario(),
        r.seed(), r.mode().equals("deterministic") ? "deterministic (virtual time)" : "real time", r.backend()));
    if (r.defect() != null) {
      s.append("Planted broker defect (negative control): ").append(r.defect()).append('\n');
    }
    s.append(String.format(Locale.ROOT, "Ran %s of %s time (producing for %s) in %s wall time (history check %s)%n%n",
        human(r.simulatedMillis()), r.mode().equals("deterministic") ? "simulated" : "real",
        human(r.productionMillis()), wall(wallTime), wall(judgingTime)));

    s.append(String.format(Locale.ROOT, "VERDICT  %s%s  (checker: %s)%n  %s%n", r.verdict().status(),
        r.drained() ? "" : ", NOT DRAINED", r.verdict().checker(), r.verdict().reason()));
    if (!r.verdict().counts().isEmpty()) {
      StringBuilder line = new StringBuilder("  ");
      for (Map.Entry<String, Long> e : r.verdict().counts().entrySet()) {
        line.append(e.getKey()).append(' ').append(e.getValue()).append("   ");
      }
      s.append(line.toString().stripTrailing()).append('\n');
    }
    s.append(String.format(Locale.ROOT, "  retried %d   archived %d   recovered %d   acks refused %d%n", r.total(Counter.RETRIED),
        r.total(Counter.ARCHIVED), r.total(Counter.RECOVERED), r.total(Counter.ACKS_REFUSED)));
    int shown = 0;
    for (String a : r.verdict().anomalies()) {
      if (shown++ == 10) {
        s.append("  ... ").append(r.verdict().anomalies().size() - 10).append(" more in report.json\n");
        break;
      }
      s.append("  ! ").append(a).append('\n');
    }
    if (!r.drained()) {
      s.append("  ! tasks were still unfinished when run.drain-timeout ran out\n");
    }

    s.append("\nTasks\n");
    for (Counter c : Counter.values()) {
      s.append(String.format(Locale.ROOT, "  %-20s %,12d   %s%n", c.label(), r.total(c), c.meaning()));
    }

    s.append("\nLatency (ms, from when a task was due)   count      p50      p90      p99    p99.9      max\n");
    for (LatencySummary l : r.latencies()) {
      s.append(String.format(Locale.ROOT, "  %-36s %,10d %8d %8d %8d %8d %8d%n", l.name(), l.count(), l.p50(), l.p90(),
          l.p99(), l.p999(), l.max()));
    }

    s.append("\nFaults\n");
    if (r.faults().isEmpty()) {
      s.append("  none scheduled\n");
    }
    if (r.faults().size() <= MAX_FAULT_LINES) {
      for (FaultRecord f : r.faults()) {
        s.append(String.format(Locale.ROOT, "  %9s - %-9s %-13s %-9s %s%n", clock(f.startMillis()), clock(f.endMillis()),
            f.kind(), f.target(), f.observed()));
      }
    } else {
      // A long run has hundreds of windows: one line per scheduled fault, every window in the reports.
      Map<String, long[]> byFault = new LinkedHashMap<>();
      Map<String, FaultRecord> first = new LinkedHashMap<>();
      for (FaultRecord f : r.faults()) {
        long[] n = byFault.computeIfAbsent(f.name(), k -> new long[2]);
        n[0]++;
        n[1] += f.fired() ? 1 : 0;
        first.putIfAbsent(f.name(), f);
      }
      byFault.forEach((name, n) -> {
        FaultRecord f = first.get(name);
        s.append(String.format(Locale.ROOT, "  %-13s %-9s %4d windows, %4d fired, first at %s: %s%n", f.kind(),
            f.target(), n[0], n[1], clock(f.startMillis()), f.observed()));
      });
    }

    s.append("\nQueues at the end     pending   active scheduled    retry archived completed\n");
    for (QueueStats q : r.finalQueues()) {
      s.append(String.format(Locale.ROOT, "  %-18s %9d %8d %9d %8d %8d %9d%n", q.queue(), q.pending(), q.active(),
          q.scheduled(), q.retry(), q.archived(), q.completed()));
    }
    s.append("\nTiming profile: ");
    StringBuilder timing = new StringBuilder();
    r.timing().forEach((k, v) -> timing.append(k).append(' ').append(v).append(", "));
    s.append(timing, 0, Math.max(0, timing.length() - 2)).append('\n');
    if (reportLocation != null) {
      s.append("Reports: ").append(reportLocation).append('\n');
    }
    return s.toString();
  }

  /** {@code 1h05m}, {@code 12m30s}, {@code 45s}. */
  static String human(long millis) {
    long totalSeconds = millis / 1000;
    long h = totalSeconds / 3600;
    long m = totalSeconds % 3600 / 60;
    long sec = totalSeconds % 60;
    if (h > 0) {
      return String.format(Locale.ROOT, "%dh%02dm%02ds", h, m, sec);
    }
    if (m > 0) {
      return String.format(Locale.ROOT, "%dm%02ds", m, sec);
    }
    return String.format(Locale.ROOT, "%d.%03ds", sec, millis % 1000);
  }

  /** Offset from the start as {@code h:mm:ss}. */
  static String clock(long millis) {
    long s = millis / 1000;
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60);
  }

  private static String wall(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
