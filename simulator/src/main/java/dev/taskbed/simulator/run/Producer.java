package dev.taskbed.simulator.run;

import dev.taskbed.Client;
import dev.taskbed.DuplicateTaskException;
import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import dev.taskbed.TaskbedException;
import dev.taskbed.env.Environment;
import dev.taskbed.simulator.config.ProducerSpec;
import dev.taskbed.simulator.config.TaskKind;
import dev.taskbed.simulator.metrics.Counter;
import dev.taskbed.simulator.metrics.RunMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One producer of a scenario: tasks arrive as a Poisson process (exponential gaps with mean
 * {@code 1/rate}), each of a kind drawn from the producer's mix, some delayed and some carrying a
 * uniqueness lock, as the kind says. Every random choice is made at arrival time from the
 * producer's own seeded stream, in the order arrivals happen, so the workload replays exactly;
 * the enqueue itself runs as background work (it may block on a real backend).
 */
final class Producer {
  private final ProducerSpec spec;
  private final List<TaskKind> kinds = new ArrayList<>();
  private final int[] cumulativeWeights;
  private final Client client;
  private final Environment env;
  private final SplittableRandom random;
  private final RunMetrics metrics;
  private final AtomicLong budget;
  private final long stopAtMillis;
  private long sequence;
  private volatile boolean stopped;

  /**
   * @param budget enqueue attempts left for all producers together ({@link Long#MAX_VALUE} for no limit)
   * @param stopAtMillis no arrival at or after this time
   */
  Producer(ProducerSpec spec, List<TaskKind> allKinds, Client client, Environment env, SplittableRandom random,
      RunMetrics metrics, AtomicLong budget, long stopAtMillis) {
    this.spec = spec;
    this.client = client;
    this.env = env;
    this.random = random;
    this.metrics = metrics;
    this.budget = budget;
    this.stopAtMillis = stopAtMillis;
    this.cumulativeWeights = new int[spec.mix().size()];
    int total = 0;
    int i = 0;
    for (var e : spec.mix().entrySet()) {
      kinds.add(allKinds.stream().filter(k -> k.name().equals(e.getKey())).findFirst().orElseThrow());
      total += e.getValue();
      cumulativeWeights[i++] = total;
    }
  }

  void start() {
    scheduleNext();
  }

  boolean isStopped() {
    return stopped;
  }

  private void scheduleNext() {
    long gap = Math.round(1000.0 / spec.perSecond() * random.nextExponential());
    if (env.clock().millis() + gap >= stopAtMillis) {
      stopped = true;
      return;
    }
    env.schedule(Duration.ofMillis(gap), this::arrive);
  }

  private void arrive() {
    if (budget.getAndDecrement() <= 0) {
      stopped = true;
      return;
    }
    TaskKind kind = kinds.get(pickKind());
    long n = ++sequence;
    String key = kind.uniqueKeys() > 0 ? "key-" + random.nextInt(kind.uniqueKeys()) : spec.name() + "-" + n;
    TaskOptions.Builder options = TaskOptions.builder()
        .queue(kind.queue())
        .maxRetry(kind.maxRetry())
        .timeout(kind.timeout());
    if (kind.delayedFraction() > 0 && random.nextDouble() < kind.delayedFraction()) {
      options.processIn(Duration.ofMillis(kind.delay().sampleMillis(random)));
    }
    if (kind.unique()) {
      options.uniqueFor(kind.uniqueFor());
    }
    Task task = Task.builder(kind.type()).payload(payload(kind, key)).build();
    TaskOptions built = options.build();
    env.execute(() -> enqueue(task, built));
    scheduleNext();
  }

  private int pickKind() {
    int pick = random.nextInt(cumulativeWeights[cumulativeWeights.length - 1]);
    for (int i = 0; i < cumulativeWeights.length; i++) {
      if (pick < cumulativeWeights[i]) {
        return i;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  private void enqueue(Task task, TaskOptions options) {
    metrics.count(Counter.ENQUEUE_ATTEMPTS);
    try {
      client.enqueue(task, options);
    } catch (DuplicateTaskException e) {
      metrics.count(Counter.DUPLICATES_REFUSED);
    } catch (TaskbedException e) {
      metrics.count(Counter.ENQUEUE_FAILED);
    }
  }

  /** A JSON payload naming the kind and key, padded with spaces to the kind's payload size. */
  private static byte[] payload(TaskKind kind, String key) {
    byte[] json = ("{\"kind\":\"" + kind.name() + "\",\"key\":\"" + key + "\"}").getBytes(StandardCharsets.UTF_8);
    if (json.length >= kind.payloadBytes()) {
      return json;
    }
    byte[] padded = Arrays.copyOf(json, kind.payloadBytes());
    Arrays.fill(padded, json.length, padded.length, (byte) ' ');
    return padded;
  }
}
