package dev.taskbed.simulator.run;

import dev.taskbed.QueueStats;
import dev.taskbed.TaskbedException;
import dev.taskbed.simulator.metrics.Counter;
import dev.taskbed.simulator.metrics.RunMetrics;
import dev.taskbed.simulator.metrics.TimeSeries;
import dev.taskbed.spi.BrokerAdmin;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes one sample of the figures: per-interval counts (throughput, retries, archives,
 * recoveries), the interval's p99 wait, and queue depths read from the backend.
 */
final class Sampler {
  /** Series names, also used by the reports. */
  static final String ENQUEUED = "enqueued";
  static final String COMPLETED = "completed";
  static final String RETRIED = "retried";
  static final String ARCHIVED = "archived";
  static final String RECOVERED = "recovered";
  static final String WAIT_P99 = "wait p99 ms";
  static final String PENDING_PREFIX = "pending ";
  static final String ACTIVE = "active";
  static final String SCHEDULED = "scheduled";
  static final String RETRY = "retry";

  private final RunMetrics metrics;
  private final BrokerAdmin admin;
  private final List<String> queues;
  private final TimeSeries series = new TimeSeries();
  private final Map<String, QueueStats> last = new HashMap<>();

  Sampler(RunMetrics metrics, BrokerAdmin admin, List<String> queues) {
    this.metrics = metrics;
    this.admin = admin;
    this.queues = queues;
  }

  void sample(long offsetMillis) {
    series.newSample(offsetMillis);
    Map<Counter, Long> interval = metrics.takeInterval();
    series.put(ENQUEUED, interval.get(Counter.ENQUEUED));
    series.put(COMPLETED, interval.get(Counter.COMPLETED));
    series.put(RETRIED, interval.get(Counter.RETRIED));
    series.put(ARCHIVED, interval.get(Counter.ARCHIVED));
    series.put(RECOVERED, interval.get(Counter.RECOVERED));
    series.put(WAIT_P99, metrics.takeIntervalWaitP99());
    long active = 0;
    long scheduled = 0;
    long retry = 0;
    for (String q : queues) {
      QueueStats s = stats(q);
      series.put(PENDING_PREFIX + q, s.pending());
      active += s.active();
      scheduled += s.scheduled();
      retry += s.retry();
    }
    series.put(ACTIVE, active);
    series.put(SCHEDULED, scheduled);
    series.put(RETRY, retry);
  }

  /** Whether no task in any queue has work ahead of it; false while the backend cannot say. */
  boolean idle() {
    try {
      for (String q : queues) {
        if (admin.stats(q).unfinished() > 0) {
          return false;
        }
      }
      return true;
    } catch (TaskbedException e) {
      return false;
    }
  }

  /** The queue's counts, or the last ones read when the backend cannot be reached right now. */
  private QueueStats stats(String queue) {
    try {
      QueueStats s = admin.stats(queue);
      last.put(queue, s);
      return s;
    } catch (TaskbedException e) {
      return last.getOrDefault(queue, new QueueStats(queue, 0, 0, 0, 0, 0, 0, false));
    }
  }

  TimeSeries series() {
    return series;
  }
}
