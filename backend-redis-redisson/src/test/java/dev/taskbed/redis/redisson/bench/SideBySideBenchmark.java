package dev.taskbed.redis.redisson.bench;

import static dev.taskbed.redis.testing.bench.BenchSteps.PAYLOAD;

import com.sun.management.OperatingSystemMXBean;
import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.testing.bench.BenchSteps;
import dev.taskbed.redis.jedis.JedisBroker;
import dev.taskbed.redis.redisson.RedissonBroker;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.spi.ClaimRequest;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * The Jedis backend's end-to-end benchmark (same procedure, same figures) run on both Redis
 * backends against one local Redis in one JVM, printed side by side with the
 * {@code redis-benchmark} SET rate as the yardstick. A benchmark, not a test: it asserts nothing.
 * <ol>
 *   <li>{@code redis-benchmark -q -c 50 -n 200000 -t set} against the same server, before and after
 *       (the spread shows how much the machine moved during the run);
 *   <li>per backend: a JIT warm-up of both paths (2 × 50,000 tasks); bulk enqueue of N tasks with
 *       100-byte payloads through {@code Broker.enqueueBatch} in batches of 1,000 (enqueue/s, and
 *       Redis memory per pending task from {@code INFO memory}); processing them with a no-op
 *       handler at concurrency 50 (processed/s); pickup latency (enqueue returned → handler
 *       started) at half that backend's processing rate and with an idle worker (50 tasks/s); and
 *       the cost of one call (sequential claims on an empty queue: wall and client CPU time), which
 *       is what separates the two clients.
 * </ol>
 * Both brokers get the same pool size ({@code max(16, concurrency / 2)}) and default settings.
 * The backends run one after the other, in the order of {@code bench.order} (default
 * {@code jedis,redisson}); {@code bench.rounds} repeats the whole sequence, alternating the order,
 * and reports the median per figure with its range.
 *
 * <p>Run: {@code mvn -q -pl backend-redis-redisson -am -Pbench-both -DskipTests verify}. Options
 * (system properties): {@code bench.tasks} (200000), {@code bench.concurrency} (50),
 * {@code bench.latencySeconds} (10), {@code bench.rounds} (1), {@code bench.uri} (an existing Redis
 * instead of a fresh local one). The steps are {@link BenchSteps}, the ones the Jedis benchmark
 * runs; this class adds the per-call cost, the rounds and the table.
 */
public final class SideBySideBenchmark {
  /** What one backend measured in one round (latencies in ms, round trip in µs per call). */
  private record Figures(double enqueueRate, double bytesPerTask, double processRate, double halfLoadRate,
      double halfP50, double halfP99, double idleP50, double idleP99, double roundTripMicros, double cpuMicros) {}

  public static void main(String[] args) throws Exception {
    int n = Integer.getInteger("bench.tasks", 200_000);
    int concurrency = Integer.getInteger("bench.concurrency", 50);
    int latencySeconds = Integer.getInteger("bench.latencySeconds", 10);
    int rounds = Integer.getInteger("bench.rounds", 1);
    BenchSteps.onRedis(System.getProperty("bench.uri"), uri -> run(n, concurrency, latencySeconds, rounds, uri));
    System.exit(0);
  }

  private static void run(int n, int concurrency, int latencySeconds, int rounds, String uri) throws Exception {
    String host = BenchSteps.host(uri);
    int port = BenchSteps.port(uri);
    int pool = Math.max(16, concurrency / 2);
    Map<String, Function<String, RedisBroker>> backends = new LinkedHashMap<>();
    backends.put("Jedis", u -> JedisBroker.create(RedisBrokerConfig.standalone(u).poolSize(pool).build()));
    backends.put("Redisson", u -> RedissonBroker.create(RedisBrokerConfig.standalone(u).poolSize(pool).build()));

    System.out.printf("Taskbed end-to-end benchmark, both Redis backends: %,d tasks, %d-byte payloads, concurrency %d, "
        + "pool %d, Redis %s, %d cores, %d round(s)%n", n, PAYLOAD, concurrency, pool, uri,
        Runtime.getRuntime().availableProcessors(), rounds);
    double setBefore = BenchSteps.redisBenchmarkSet(host, port);
    System.out.printf("redis-benchmark -q -c 50 -n 200000 -t set: %,.0f SET/s%n", setBefore);

    Map<String, List<Figures>> results = new LinkedHashMap<>();
    backends.keySet().forEach(b -> results.put(b, new ArrayList<>()));
    try (RespClient redis = new RespClient(host, port)) {
      for (int round = 0; round < rounds; round++) {
        List<String> order = new ArrayList<>(backends.keySet());
        if (round % 2 == 1) {
          java.util.Collections.reverse(order);
        }
        for (String name : order) {
          redis.call("FLUSHALL");
          System.out.printf("-- round %d: %s%n", round + 1, name);
          try (RedisBroker broker = backends.get(name).apply(uri)) {
            results.get(name).add(measure(broker, redis, n, concurrency, latencySeconds, setBefore));
          }
        }
      }
    }
    double setAfter = BenchSteps.redisBenchmarkSet(host, port);
    System.out.printf("redis-benchmark -q -c 50 -n 200000 -t set (after): %,.0f SET/s%n", setAfter);
    printTable(results, (setBefore + setAfter) / 2, setBefore, setAfter);
  }

  private static Figures measure(RedisBroker broker, RespClient redis, int n, int concurrency, int latencySeconds,
      double setRate) throws Exception {
    try (Client client = Client.create(broker, ClientConfig.defaults())) {
      BenchSteps.warmUp(broker);
      redis.call("FLUSHALL");
      long before = BenchSteps.usedMemory(redis);

      long t0 = System.nanoTime();
      BenchSteps.bulkEnqueue(broker, n, new Random(1));
      double enqueueRate = n / ((System.nanoTime() - t0) / 1e9);
      double perTask = (BenchSteps.usedMemory(redis) - before) / (double) n;
      System.out.printf("   bulk enqueue: %,.0f tasks/s (%.0f%% of SET); %.0f B per pending task%n", enqueueRate,
          100 * enqueueRate / setRate, perTask);

      double processRate = n / BenchSteps.drain(broker, n, concurrency);
      System.out.printf("   processing: %,.0f tasks/s (%.0f%% of SET)%n", processRate, 100 * processRate / setRate);

      Histogram half = BenchSteps.latency(broker, client, concurrency, processRate / 2, latencySeconds, "half load", "   ");
      Histogram idle = BenchSteps.latency(broker, client, concurrency, 50, Math.max(3, latencySeconds / 2), "idle worker",
          "   ");
      double[] trip = roundTrip(broker);
      System.out.printf(Locale.ROOT, "   one round trip (claim on an empty queue, sequential): %.0f µs wall, %.0f µs client CPU%n",
          trip[0], trip[1]);
      return new Figures(enqueueRate, perTask, processRate, processRate / 2, p(half, 50), p(half, 99), p(idle, 50),
          p(idle, 99), trip[0], trip[1]);
    }
  }

  /**
   * The cost of one call, which explains most differences between the backends: sequential claims
   * on an empty queue (one short script each), wall time and this process's CPU time per call.
   */
  private static double[] roundTrip(RedisBroker broker) {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int i = 0; i < 5_000; i++) {
      broker.claim(new ClaimRequest("warm-" + i, List.of("empty"), 1, 1_000));
    }
    int calls = 20_000;
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      broker.claim(new ClaimRequest("trip-" + i, List.of("empty"), 1, 1_000));
    }
    long t1 = System.nanoTime();
    long cpu1 = os.getProcessCpuTime();
    return new double[] {(t1 - t0) / 1e3 / calls, (cpu1 - cpu0) / 1e3 / calls};
  }

  private static void printTable(Map<String, List<Figures>> results, double set, double setBefore, double setAfter) {
    List<String> names = new ArrayList<>(results.keySet());
    List<Figures> j = results.get(names.get(0));
    List<Figures> r = results.get(names.get(1));
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%nMedian over %d round(s)%s; percentages are of the mean SET rate %,.0f/s.%n", j.size(),
        j.size() > 1 ? ", [min–max] in brackets" : "", set));
    s.append(String.format(Locale.ROOT, "%n| measure | %s | %s | %s / %s |%n|---|---:|---:|---:|%n", names.get(0),
        names.get(1), names.get(1), names.get(0)));
    s.append(String.format(Locale.ROOT, "| `redis-benchmark -q -c 50 -n 200000 -t set`, before / after | %,.0f / %,.0f SET/s | | |%n",
        setBefore, setAfter));
    row(s, "bulk enqueue, tasks/s", j, r, Figures::enqueueRate, "%,.0f", set);
    row(s, "processing, no-op handler, tasks/s", j, r, Figures::processRate, "%,.0f", set);
    row(s, "Redis memory per pending task, B", j, r, Figures::bytesPerTask, "%.0f", 0);
    row(s, "half-load rate for the latency runs, tasks/s", j, r, Figures::halfLoadRate, "%,.0f", 0);
    row(s, "pickup latency at half load, p50 ms", j, r, Figures::halfP50, "%.2f", 0);
    row(s, "pickup latency at half load, p99 ms", j, r, Figures::halfP99, "%.2f", 0);
    row(s, "pickup latency, idle worker (50/s), p50 ms", j, r, Figures::idleP50, "%.2f", 0);
    row(s, "pickup latency, idle worker (50/s), p99 ms", j, r, Figures::idleP99, "%.2f", 0);
    row(s, "one round trip (sequential empty claim), µs wall", j, r, Figures::roundTripMicros, "%.0f", 0);
    row(s, "one round trip, µs client CPU", j, r, Figures::cpuMicros, "%.0f", 0);
    System.out.println(s);
  }

  private static void row(StringBuilder s, String measure, List<Figures> jedis, List<Figures> redisson,
      ToDoubleFunction<Figures> f, String format, double set) {
    double jm = median(jedis, f);
    double rm = median(redisson, f);
    s.append("| ").append(measure).append(" | ").append(cell(jedis, f, format, set)).append(" | ")
        .append(cell(redisson, f, format, set)).append(String.format(Locale.ROOT, " | %.2f |%n", rm / jm));
  }

  private static String cell(List<Figures> fs, ToDoubleFunction<Figures> f, String format, double set) {
    double m = median(fs, f);
    String out = String.format(Locale.ROOT, format, m);
    if (set > 0) {
      out += String.format(Locale.ROOT, " (%.0f%% of SET)", 100 * m / set);
    }
    if (fs.size() > 1) {
      DoubleSummaryStatistics st = fs.stream().mapToDouble(f).summaryStatistics();
      out += " [" + String.format(Locale.ROOT, format, st.getMin()) + "–" + String.format(Locale.ROOT, format, st.getMax())
          + "]";
    }
    return out;
  }

  private static double median(List<Figures> fs, ToDoubleFunction<Figures> f) {
    double[] v = fs.stream().mapToDouble(f).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static double p(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }
}
