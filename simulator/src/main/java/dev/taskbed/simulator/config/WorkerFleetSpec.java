package dev.taskbed.simulator.config;

import dev.taskbed.RetryDelayFunction;
import dev.taskbed.WorkerConfig;
import dev.taskbed.event.LoggingConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The worker servers of a run: how many, and the {@link WorkerConfig} each one gets.
 *
 * @param servers number of worker processes, named {@code worker-1}...
 * @param concurrency handlers per server
 * @param queues queue to weight, in scenario order
 * @param strictPriority strict priority instead of weighted selection
 * @param retryDelay backoff between failed attempts; {@code null} for the runtime's default
 */
public record WorkerFleetSpec(
    int servers,
    int concurrency,
    Map<String, Integer> queues,
    boolean strictPriority,
    Duration lease,
    Duration heartbeat,
    Duration forwardInterval,
    Duration recoverInterval,
    Duration recoveryDelay,
    Duration maxPollInterval,
    Duration shutdownTimeout,
    Distribution retryDelay) {

  public WorkerFleetSpec {
    queues = Collections.unmodifiableMap(new LinkedHashMap<>(queues));
    Objects.requireNonNull(lease, "lease");
  }

  /** The worker configuration every server of the fleet runs with. */
  public WorkerConfig toWorkerConfig() {
    WorkerConfig.Builder b = WorkerConfig.builder()
        .concurrency(concurrency)
        .queues(queues)
        .strictPriority(strictPriority)
        .leaseDuration(lease)
        .heartbeatInterval(heartbeat)
        .forwardInterval(forwardInterval)
        .recoverInterval(recoverInterval)
        .recoveryDelay(recoveryDelay)
        .maxPollInterval(maxPollInterval)
        .shutdownTimeout(shutdownTimeout)
        // The run's failures are injected by design and counted in the summary and the report; a
        // log line per failed attempt would bury the summary (a simulated day archives thousands).
        .logging(LoggingConfig.off());
    if (retryDelay != null) {
      Distribution d = retryDelay;
      b.retryDelay((n, error, task, random) -> Duration.ofMillis(d.sampleMillis(random)));
    } else {
      b.retryDelay(RetryDelayFunction.exponential());
    }
    return b.build();
  }

  /** The worker names, {@code worker-1} to {@code worker-<servers>}. */
  public String workerName(int index) {
    return "worker-" + (index + 1);
  }
}
