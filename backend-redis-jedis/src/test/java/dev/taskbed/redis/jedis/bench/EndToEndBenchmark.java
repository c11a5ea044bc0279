package dev.taskbed.redis.jedis.bench;

import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Server;
import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import dev.taskbed.internal.EnqueueRequests;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.WorkerConfig;
import dev.taskbed.redis.jedis.JedisBroker;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.RedisInfrastructure;
import dev.taskbed.redis.testing.RespClient;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Recorder;

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
 * Run: {@code mvn -q -pl backend-redis-jedis -am -Pbench -DskipTests verify} (see the module README).
 * Options (system properties): {@code bench.tasks} (200000), {@code bench.concurrency} (50),
 * {@code bench.latencySeconds} (10), {@code bench.uri} (use an existing Redis instead of starting one).
 */
public final class EndToEndBenchmark {
  private static final int PAYLOAD = 100;

  public static void main(String[] args) throws Exception {
    int n = Integer.getInteger("bench.tasks", 200_000);
    int concurrency = Integer.getInteger("bench.concurrency", 50);
    int latencySeconds = Integer.getInteger("bench.latencySeconds", 10);
    String uri = System.getProperty("bench.uri");
    LocalRedis local = null;
    if (uri == null || uri.isBlank()) {
      local = LocalRedis.startDefault();
      uri = local.uri();
    }
    String host = uri.substring("redis://".length(), uri.lastIndexOf(':'));
    int port = Integer.parseInt(uri.substring(uri.lastIndexOf(':') + 1));
    try {
      run(n, concurrency, latencySeconds, uri, host, port);
    } finally {
      if (local != null) {
        local.close();
      }
    }
    System.exit(0);
  }

  private static void run(int n, int concurrency, int latencySeconds, String uri, String host, int port)
      throws Exception {
    System.out.printf("Taskbed end-to-end benchmark: %,d tasks, %d-byte payloads, concurrency %d, Redis %s, %d cores%n",
        n, PAYLOAD, concurrency, uri, Runtime.getRuntime().availableProcessors());
    double setRate = redisBenchmarkSet(host, port);
    System.out.printf("redis-benchmark -q -c 50 -n 200000 -t set: %,.0f SET/s%n", setRate);

    try (RespClient redis = new RespClient(host, port)) {
      redis.call("FLUSHALL");
      RedisBrokerConfig config = RedisBrokerConfig.standalone(uri).poolSize(Math.max(16, concurrency / 2)).build();
      try (JedisBroker broker = JedisBroker.create(config);
          Client client = Client.create(broker, ClientConfig.defaults())) {
        warmUp(broker);
        redis.call("FLUSHALL");
        long before = usedMemory(redis);

        // 1. bulk enqueue
        long t0 = System.nanoTime();
        bulkEnqueue(broker, n, new Random(1));
        double enqueueSeconds = (System.nanoTime() - t0) / 1e9;
        long after = usedMemory(redis);
        double perTask = (after - before) / (double) n;
        System.out.printf("bulk enqueue: %,d tasks in %.2f s = %,.0f tasks/s (%.0f%% of SET)%n",
            n, enqueueSeconds, n / enqueueSeconds, 100 * n / enqueueSeconds / setRate);
        System.out.printf("Redis memory per pending task: %.0f B (INFO used_memory delta / N), %.0f B beyond the "
            + "%d-byte payload%n", perTask, perTask - PAYLOAD, PAYLOAD);

        // 2. drain with a no-op handler
        CountDownLatch done = new CountDownLatch(n);
        WorkerConfig workers = WorkerConfig.builder().concurrency(concurrency).build();
        long t1 = System.nanoTime();
        Server server = Server.create(broker, workers, (ctx, task) -> done.countDown());
        server.start();
        if (!done.await(10, TimeUnit.MINUTES)) {
          throw new IllegalStateException("processing did not finish: " + done.getCount() + " left");
        }
        double processSeconds = (System.nanoTime() - t1) / 1e9;
        double processRate = n / processSeconds;
        System.out.printf("processing: %,d tasks in %.2f s = %,.0f tasks/s (%.0f%% of SET)%n",
            n, processSeconds, processRate, 100 * processRate / setRate);
        server.shutdown();

        // 3. pickup latency at half load, then idle
        latency(broker, client, concurrency, processRate / 2, latencySeconds, "half load");
        latency(broker, client, concurrency, 50, Math.max(3, latencySeconds / 2), "idle worker (50 tasks/s)");
      }
    }
  }

  /** JIT warm-up of both paths (two rounds of 50,000 tasks), so the figures are steady-state ones. */
  private static void warmUp(JedisBroker broker) throws InterruptedException {
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
   * builds them (id, nonce, content hash), sent with {@code Broker.enqueueBatch}. (Client.enqueueAll
   * itself sleeps its first retry backoff after every successful batch, which would measure that
   * sleep instead.)
   */
  private static void bulkEnqueue(JedisBroker broker, int n, Random random) {
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
  private static void latency(JedisBroker broker, Client client, int concurrency, double rate, int seconds, String label)
      throws InterruptedException {
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
      long due = start + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      // The timestamp is taken when enqueue returns: pickup latency, not enqueue latency.
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
    var h = recorder.getIntervalHistogram();
    System.out.printf(Locale.ROOT, "pickup latency, %s (%,.0f tasks/s for %d s, %,d tasks): p50 %.2f ms, p99 %.2f ms, "
            + "max %.2f ms%s%n", label, rate, seconds, h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
        failure.get() == null ? "" : " (errors: " + failure.get() + ")");
  }

  /**
   * The payload carries the nanoTime at which enqueue is expected to return: the moment is stamped
   * just before the call and the call's own latency is then excluded by the handler comparing with
   * the time it starts. Stamping after the call is impossible (the task is already enqueued), so
   * this slightly overstates pickup latency by the enqueue round trip.
   */
  private static byte[] stamp(byte[] payload) {
    byte[] p = payload.clone();
    ByteBuffer.wrap(p).putLong(System.nanoTime());
    return p;
  }

  private static long usedMemory(RespClient redis) {
    return Long.parseLong(RespClient.infoField(redis.string("INFO", "memory"), "used_memory"));
  }

  private static double redisBenchmarkSet(String host, int port) throws Exception {
    String cli = RedisInfrastructure.redisCli().toString();
    String bench = cli.replace("redis-cli", "redis-benchmark");
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
