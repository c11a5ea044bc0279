package dev.taskbed.redis.jedis.bench;

import static dev.taskbed.redis.testing.bench.BenchSteps.PAYLOAD;

import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.testing.bench.BenchSteps;
import dev.taskbed.redis.jedis.JedisBroker;
import dev.taskbed.redis.testing.RespClient;
import java.util.Random;

/**
 * End-to-end benchmark of Taskbed on a local Redis (a benchmark, not a test; it asserts nothing):
 * <ol>
 *   <li>{@code redis-benchmark -q -c 50 -n 200000 -t set} against the same server, as the yardstick;
 *   <li>bulk enqueue of N tasks with 100-byte payloads through {@code Broker.enqueueBatch} in batches
 *       of 1,000: enqueue/s, and Redis memory per pending task ({@code INFO memory} delta / N);
 *   <li>processing them with a no-op handler at concurrency 50: processed/s;
 *   <li>pickup latency (enqueue returned → handler started) at half the measured processing rate,
 *       and with an idle worker (one task at a time): p50 / p99.
 * </ol>
 * The steps are {@link BenchSteps}, shared with the Redisson backend's side-by-side benchmark.
 * Run: {@code mvn -q -pl backend-redis-jedis -am -Pbench -DskipTests verify} (see the module README).
 * Options (system properties): {@code bench.tasks} (200000), {@code bench.concurrency} (50),
 * {@code bench.latencySeconds} (10), {@code bench.uri} (use an existing Redis instead of starting one).
 */
public final class EndToEndBenchmark {

  public static void main(String[] args) throws Exception {
    int n = Integer.getInteger("bench.tasks", 200_000);
    int concurrency = Integer.getInteger("bench.concurrency", 50);
    int latencySeconds = Integer.getInteger("bench.latencySeconds", 10);
    BenchSteps.onRedis(System.getProperty("bench.uri"), uri -> run(n, concurrency, latencySeconds, uri));
    System.exit(0);
  }

  private static void run(int n, int concurrency, int latencySeconds, String uri) throws Exception {
    String host = BenchSteps.host(uri);
    int port = BenchSteps.port(uri);
    System.out.printf("Taskbed end-to-end benchmark: %,d tasks, %d-byte payloads, concurrency %d, Redis %s, %d cores%n",
        n, PAYLOAD, concurrency, uri, Runtime.getRuntime().availableProcessors());
    double setRate = BenchSteps.redisBenchmarkSet(host, port);
    System.out.printf("redis-benchmark -q -c 50 -n 200000 -t set: %,.0f SET/s%n", setRate);

    try (RespClient redis = new RespClient(host, port)) {
      redis.call("FLUSHALL");
      RedisBrokerConfig config = RedisBrokerConfig.standalone(uri).poolSize(Math.max(16, concurrency / 2)).build();
      try (RedisBroker broker = JedisBroker.create(config);
          Client client = Client.create(broker, ClientConfig.defaults())) {
        BenchSteps.warmUp(broker);
        redis.call("FLUSHALL");
        long before = BenchSteps.usedMemory(redis);

        // 1. bulk enqueue
        long t0 = System.nanoTime();
        BenchSteps.bulkEnqueue(broker, n, new Random(1));
        double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
        long after = BenchSteps.usedMemory(redis);
        double perTask = (after - before) / (double) n;
        System.out.printf("bulk enqueue: %,d tasks in %.2f s = %,.0f tasks/s (%.0f%% of SET)%n",
            n, enqueueSeconds, n / enqueueSeconds, 100 * n / enqueueSeconds / setRate);
        System.out.printf("Redis memory per pending task: %.0f B (INFO used_memory delta / N), %.0f B beyond the "
            + "%d-byte payload%n", perTask, perTask - PAYLOAD, PAYLOAD);

        // 2. drain with a no-op handler
        double processSeconds = BenchSteps.drain(broker, n, concurrency);
        double processRate = n / processSeconds;
        System.out.printf("processing: %,d tasks in %.2f s = %,.0f tasks/s (%.0f%% of SET)%n",
            n, processSeconds, processRate, 100 * processRate / setRate);

        // 3. pickup latency at half load, then idle
        BenchSteps.latency(broker, client, concurrency, processRate / 2, latencySeconds, "half load", "");
        BenchSteps.latency(broker, client, concurrency, 50, Math.max(3, latencySeconds / 2), "idle worker (50 tasks/s)",
            "");
      }
    }
  }
}
