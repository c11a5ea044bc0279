package dev.taskbed.redis.redisson.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Server;
import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import dev.taskbed.WorkerConfig;
import dev.taskbed.internal.EnqueueRequests;
import dev.taskbed.redis.AbstractRedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.jedis.JedisBroker;
import dev.taskbed.redis.redisson.RedissonBroker;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.RedisInfrastructure;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.EnqueueRequest;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

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
 * instead of a fresh local one).
 */
public final class SideBySideBenchmark {
  private static final int PAYLOAD = 100;

  /** What one backend measured in one round (latencies in ms, round trip in µs per call). */
  private record Figures(double enqueueRate, double bytesPerTask, double processRate, double halfLoadRate,
      double halfP50, double halfP99, double idleP50, double idleP99, double roundTripMicros, double cpuMicros) {}

  public static void main(String[] args) throws Exception {
    int n = Integer.getInteger("bench.tasks", 200_000);
    int concurrency = Integer.getInteger("bench.concurrency", 50);
    int latencySeconds = Integer.getInteger("bench.latencySeconds", 10);
    int rounds = Integer.getInteger("bench.rounds", 1);
    String uri = System.getProperty("bench.uri");
    LocalRedis local = null;
    if (uri == null || uri.isBlank()) {
      local = LocalRedis.startDefault();
      uri = local.uri();
    }
    try {
      run(n, concurrency, latencySeconds, rounds, uri);
    } finally {
      if (local != null) {
        local.close();
      }
    }
    System.exit(0);
  }

  private static void run(int n, int concurrency, int latencySeconds, int rounds, String uri) throws Exception {
    String host = uri.substring("redis://".length(), uri.lastIndexOf(':'));
    int port = Integer.parseInt(uri.substring(uri.lastIndexOf(':') + 1));
    int pool = Math.max(16, concurrency / 2);
    Map<String, Function<String, AbstractRedisBroker>> backends = new LinkedHashMap<>();
    backends.put("Jedis", u -> JedisBroker.create(RedisBrokerConfig.standalone(u).poolSize(pool).build()));
    backends.put("Redisson", u -> RedissonBroker.create(RedisBrokerConfig.standalone(u).poolSize(pool).build()));

    System.out.printf("Taskbed end-to-end benchmark, both Redis backends: %,d tasks, %d-byte payloads, concurrency %d, "
        + "pool %d, Redis %s, %d cores, %d round(s)%n", n, PAYLOAD, concurrency, pool, uri,
        Runtime.getRuntime().availableProcessors(), rounds);
    double setBefore = redisBenchmarkSet(host, port);
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
          try (AbstractRedisBroker broker = backends.get(name).apply(uri)) {
            results.get(name).add(measure(broker, redis, n, concurrency, latencySeconds, setBefore));
          }
        }
      }
    }
    double setAfter = redisBenchmarkSet(host, port);
    System.out.printf("redis-benchmark -q -c 50 -n 200000 -t set (after): %,.0f SET/s%n", setAfter);
    printTable(results, (setBefore + setAfter) / 2, setBefore, setAfter);
  }

  private static Figures measure(AbstractRedisBroker broker, RespClient redis, int n, int concurrency, int latencySeconds,
      double setRate) throws Exception {
    try (Client client = Client.create(broker, ClientConfig.defaults())) {
      warmUp(broker);
      redis.call("FLUSHALL");
      long before = usedMemory(redis);

      long t0 = System.nanoTime();
      bulkEnqueue(broker, n, new Random(1));
      double enqueueRate = n / ((System.nanoTime() - t0) / 1e9);
      double perTask = (usedMemory(redis) - before) / (double) n;
      System.out.printf("   bulk enqueue: %,.0f tasks/s (%.0f%% of SET); %.0f B per pending task%n", enqueueRate,
          100 * enqueueRate / setRate, perTask);

      CountDownLatch done = new CountDownLatch(n);
      long t1 = System.nanoTime();
      Server server = Server.create(broker, WorkerConfig.builder().concurrency(concurrency).build(),
          (ctx, task) -> done.countDown());
      server.start();
      if (!done.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("processing did not finish: " + done.getCount() + " left");
      }
      double processRate = n / ((System.nanoTime() - t1) / 1e9);
      server.shutdown();
      System.out.printf("   processing: %,.0f tasks/s (%.0f%% of SET)%n", processRate, 100 * processRate / setRate);

      Histogram half = latency(broker, client, concurrency, processRate / 2, latencySeconds, "half load");
      Histogram idle = latency(broker, client, concurrency, 50, Math.max(3, latencySeconds / 2), "idle worker");
      double[] trip = roundTrip(broker);
      System.out.printf(Locale.ROOT, "   one round trip (claim on an empty queue, sequential): %.0f µs wall, %.0f µs client CPU%n",
          trip[0], trip[1]);
      return new Figures(enqueueRate, perTask, processRate, processRate / 2, p(half, 50), p(half, 99), p(idle, 50),
          p(idle, 99), trip[0], trip[1]);
    }
  }

  /** JIT warm-up of both paths (two rounds of 50,000 tasks), so the figures are steady-state ones. */
  private static void warmUp(AbstractRedisBroker broker) throws InterruptedException {
    Random random = new Random(2);
    for (int round = 0; round < 2; round++) {
      bulkEnqueue(broker, 50_000, random);
      CountDownLatch done = new CountDownLatch(50_000);
      Server server = Server.create(broker, WorkerConfig.builder().concurrency(50).build(),
          (ctx, task) -> done.countDown());
      server.start();
      done.await(2, TimeUnit.MINUTES);
      server.shutdown();
    }
  }

  /**
   * Enqueues {@code n} no-op tasks in batches of 1,000: requests built exactly as {@link Client}
   * builds them (id, nonce, content hash), sent with {@code Broker.enqueueBatch} (as the Jedis
   * benchmark does: {@code Client.enqueueAll} would also measure its retry pacing).
   */
  private static void bulkEnqueue(AbstractRedisBroker broker, int n, Random random) {
    byte[] payload = new byte[PAYLOAD];
    for (int i = 0; i < n; i += 1_000) {
      List<EnqueueRequest> batch = new ArrayList<>(1_000);
      for (int k = i; k < Math.min(n, i + 1_000); k++) {
        batch.add(EnqueueRequests.build(Task.of("bench", payload), TaskOptions.defaults(), random));
      }
      for (EnqueueResult r : broker.enqueueBatch(batch)) {
        if (!r.outcome().acknowledged()) {
          throw new IllegalStateException("enqueue not acknowledged: " + r);
        }
      }
    }
  }

  /** Open-loop producer at {@code rate} tasks/s; the handler records enqueue-return → start. */
  private static Histogram latency(AbstractRedisBroker broker, Client client, int concurrency, double rate, int seconds,
      String label) throws InterruptedException {
    Recorder recorder = new Recorder(3);
    AtomicLong seen = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Server server = Server.create(broker, WorkerConfig.builder().concurrency(concurrency).build(), (ctx, task) -> {
      long sent = ByteBuffer.wrap(task.payload()).getLong();
      recorder.recordValue(Math.max(0, System.nanoTime() - sent) / 1_000);
      seen.incrementAndGet();
    });
    server.start();
    Thread.sleep(500);
    long total = (long) (rate * seconds);
    long intervalNanos = (long) (1e9 / rate);
    long start = System.nanoTime();
    byte[] payload = new byte[PAYLOAD];
    for (long i = 0; i < total; i++) {
      long wait = start + i * intervalNanos - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      try {
        EnqueueResult r = client.enqueue(Task.of("lat", stamp(payload)));
        if (!r.outcome().acknowledged()) {
          throw new IllegalStateException(r.toString());
        }
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (seen.get() < total && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    server.shutdown();
    Histogram h = recorder.getIntervalHistogram();
    System.out.printf(Locale.ROOT, "   pickup latency, %s (%,.0f tasks/s for %d s, %,d tasks): p50 %.2f ms, p99 %.2f ms, "
            + "max %.2f ms%s%n", label, rate, seconds, h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
        failure.get() == null ? "" : " (errors: " + failure.get() + ")");
    return h;
  }

  /**
   * The cost of one call, which explains most differences between the backends: sequential claims
   * on an empty queue (one short script each), wall time and this process's CPU time per call.
   */
  private static double[] roundTrip(AbstractRedisBroker broker) {
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

  /** The payload carries the nanoTime just before enqueue (overstating pickup latency by the enqueue round trip). */
  private static byte[] stamp(byte[] payload) {
    byte[] p = payload.clone();
    ByteBuffer.wrap(p).putLong(System.nanoTime());
    return p;
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

  private static long usedMemory(RespClient redis) {
    return Long.parseLong(RespClient.infoField(redis.string("INFO", "memory"), "used_memory"));
  }

  private static double redisBenchmarkSet(String host, int port) throws Exception {
    String bench = RedisInfrastructure.redisCli().toString().replace("redis-cli", "redis-benchmark");
    Process p = new ProcessBuilder(bench, "-h", host, "-p", String.valueOf(port), "-q", "-c", "50", "-n", "200000",
        "-t", "set").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    for (String line : out.split("[\r\n]+")) {
      if (line.startsWith("SET:") && line.contains("requests per second")) {
        return Double.parseDouble(line.replaceAll("^SET:\\s*([0-9.]+).*", "$1"));
      }
    }
    throw new IllegalStateException("cannot parse redis-benchmark output: " + out);
  }
}
