package dev.taskbed.simulator.metrics;

import dev.taskbed.EnqueueOutcome;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a run measured: event counters, and latency histograms (HdrHistogram, 3 significant
 * digits, milliseconds). Latencies are measured from the moment a task became due (its enqueue
 * unless it was delayed), so a delayed task's wait does not count its chosen delay:
 * <ul>
 *   <li>{@code enqueue→start}: due until its first attempt started;
 *   <li>{@code end-to-end}: due until it was acked as completed, retries included.
 * </ul>
 * Thread-safe (real-time mode records from many threads).
 */
public final class RunMetrics {
  public static final String WAIT = "enqueue→start";
  public static final String END_TO_END = "end-to-end";

  private final EnumMap<Counter, Long> totals = new EnumMap<>(Counter.class);
  private final EnumMap<Counter, Long> sinceSample = new EnumMap<>(Counter.class);
  private final Histogram wait = new Histogram(3);
  private final Histogram endToEnd = new Histogram(3);
  private final Histogram waitSinceSample = new Histogram(3);
  /** Due time of every task that has not finished, keyed by queue and id. */
  private final Map<String, Long> dueAt = new HashMap<>();

  public synchronized void count(Counter c) {
    count(c, 1);
  }

  public synchronized void count(Counter c, long n) {
    totals.merge(c, n, Long::sum);
    sinceSample.merge(c, n, Long::sum);
  }

  /**
   * An enqueue is about to be sent, due at {@code dueAtMillis} if it creates the task. Noted before
   * the call because on a real backend a worker may claim the task before the call returns.
   */
  public synchronized void enqueueing(String queue, String id, long dueAtMillis) {
    dueAt.putIfAbsent(queue + "/" + id, dueAtMillis);
  }

  /** What an enqueue noted by {@link #enqueueing} came to. */
  public synchronized void enqueued(String queue, String id, EnqueueOutcome outcome) {
    if (outcome == EnqueueOutcome.CREATED) {
      count(Counter.ENQUEUED);
    } else if (outcome == EnqueueOutcome.DUPLICATE) {
      dueAt.remove(queue + "/" + id); // a fresh id refused by a uniqueness lock: no such task
    }
  }

  /** A lease was granted; the first one of a task records its wait. */
  public synchronized void started(String queue, String id, long claimSequence, long nowMillis) {
    count(Counter.STARTED);
    Long due = dueAt.get(queue + "/" + id);
    if (claimSequence == 1 && due != null) {
      long w = Math.max(0, nowMillis - due);
      wait.recordValue(w);
      waitSinceSample.recordValue(w);
    }
  }

  /** A task reached a final state through an ack: {@code how} is COMPLETED, ARCHIVED, or null for a revoke. */
  public synchronized void finished(String queue, String id, Counter how, long nowMillis) {
    if (how != null) {
      count(how);
    }
    Long due = dueAt.remove(queue + "/" + id);
    if (how == Counter.COMPLETED && due != null) {
      endToEnd.recordValue(Math.max(0, nowMillis - due));
    }
  }

  public synchronized long total(Counter c) {
    return totals.getOrDefault(c, 0L);
  }

  /** Counts since the previous call (per-interval rates for the figures), then starts over. */
  public synchronized Map<Counter, Long> takeInterval() {
    EnumMap<Counter, Long> out = new EnumMap<>(Counter.class);
    for (Counter c : Counter.values()) {
      out.put(c, sinceSample.getOrDefault(c, 0L));
    }
    sinceSample.clear();
    return out;
  }

  /** The 99th percentile wait of tasks started since the previous call (0 if none), then starts over. */
  public synchronized long takeIntervalWaitP99() {
    long p99 = waitSinceSample.getTotalCount() == 0 ? 0 : waitSinceSample.getValueAtPercentile(99);
    waitSinceSample.reset();
    return p99;
  }

  public synchronized LatencySummary waitSummary() {
    return summary(WAIT, wait);
  }

  public synchronized LatencySummary endToEndSummary() {
    return summary(END_TO_END, endToEnd);
  }

  private static LatencySummary summary(String name, Histogram h) {
    if (h.getTotalCount() == 0) {
      return new LatencySummary(name, 0, 0, 0, 0, 0, 0, 0);
    }
    double mean = Math.round(h.getMean() * 10) / 10.0;
    return new LatencySummary(name, h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
        h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(), mean);
  }
}
