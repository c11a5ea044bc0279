package dev.taskbed.simulator.report;

import dev.taskbed.QueueStats;
import dev.taskbed.simulator.metrics.Counter;
import dev.taskbed.simulator.metrics.LatencySummary;
import dev.taskbed.simulator.metrics.TimeSeries;
import dev.taskbed.simulator.run.FaultRecord;
import dev.taskbed.simulator.verdict.Verdict;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run produced, and nothing that depends on the machine it ran on: no wall-clock
 * timestamps or durations (those go only to the terminal), no hash-ordered collections. The JSON
 * and HTML reports are pure functions of it, so the same seed gives the same bytes.
 *
 * @param mode {@code deterministic} (virtual time) or {@code real-time}
 * @param backend the backend's description
 * @param defect a planted broker defect (negative control), or {@code null}
 * @param settings every effective scenario setting, sorted by key
 * @param timing the worker timing profile (lease, heartbeat, ...), in order
 * @param productionMillis how long producers ran (run time, ms)
 * @param simulatedMillis total run time from start to the end of shutdown (ms)
 * @param drained whether every task reached a final state before the drain timeout
 * @param totals every counter
 * @param latencies latency percentiles
 * @param finalQueues each queue's counts after the drain
 * @param faults every fault window, in start order
 * @param series the sampled figures
 * @param sampleIntervalMillis spacing of the samples
 */
public record RunReport(
    String scenario,
    long seed,
    String mode,
    String backend,
    String defect,
    Map<String, String> settings,
    Map<String, String> timing,
    long productionMillis,
    long simulatedMillis,
    boolean drained,
    Map<Counter, Long> totals,
    List<LatencySummary> latencies,
    List<QueueStats> finalQueues,
    List<FaultRecord> faults,
    TimeSeries series,
    long sampleIntervalMillis,
    Verdict verdict) {

  public RunReport {
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    timing = Collections.unmodifiableMap(new LinkedHashMap<>(timing));
    totals = Collections.unmodifiableMap(new EnumMap<>(totals));
    latencies = List.copyOf(latencies);
    finalQueues = List.copyOf(finalQueues);
    faults = List.copyOf(faults);
  }

  public long total(Counter c) {
    return totals.getOrDefault(c, 0L);
  }

  /** Whether a guarantee was broken or the run could not finish its work: the command exits non-zero. */
  public boolean failed() {
    return verdict.failed() || !drained;
  }
}
