package dev.taskbed.simulator.run;

import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import dev.taskbed.simulator.config.ProducerSpec;
import dev.taskbed.simulator.config.TaskKind;
import dev.taskbed.simulator.workload.Producer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The tasks one configured producer sends: each of a kind drawn from the producer's mix, some
 * delayed and some carrying a uniqueness lock, as the kind says, every choice drawn from the
 * producer's random at arrival time.
 */
final class ProducerTasks implements Producer.TaskSource {
  private final ProducerSpec spec;
  private final List<TaskKind> kinds = new ArrayList<>();
  private final int[] cumulativeWeights;

  ProducerTasks(ProducerSpec spec, List<TaskKind> allKinds) {
    this.spec = spec;
    this.cumulativeWeights = new int[spec.mix().size()];
    int total = 0;
    int i = 0;
    for (var e : spec.mix().entrySet()) {
      kinds.add(allKinds.stream().filter(k -> k.name().equals(e.getKey())).findFirst().orElseThrow());
      total += e.getValue();
      cumulativeWeights[i++] = total;
    }
  }

  @Override
  public Task task(long n, SplittableRandom random) {
    TaskKind kind = kinds.get(pickKind(random));
    String key = kind.uniqueKeys() > 0 ? "key-" + random.nextInt(kind.uniqueKeys()) : spec.name() + "-" + (n + 1);
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
    return Task.builder(kind.type()).payload(payload(kind, key)).options(options.build()).build();
  }

  private int pickKind(SplittableRandom random) {
    int pick = random.nextInt(cumulativeWeights[cumulativeWeights.length - 1]);
    for (int i = 0; i < cumulativeWeights.length; i++) {
      if (pick < cumulativeWeights[i]) {
        return i;
      }
    }
    throw new IllegalStateException("unreachable");
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
