package dev.taskbed.redis.testing.bench;

import dev.taskbed.Client;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Server;
import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import dev.taskbed.WorkerConfig;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.RedisInfrastructure;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.EnqueueRequests;
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
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The steps of the end-to-end benchmark on Redis, for any {@link Broker}: the Jedis backend's
 * {@code EndToEndBenchmark} and the Redisson backend's {@code SideBySideBenchmark} measure the same
 * things the same way, so that their figures can be compared, and this is the one copy of how.
 * A benchmark asserts nothing; a step only fails when the run itself goes wrong.
 */
public final class BenchSteps {
  /** Payload size of every benchmark task, in bytes. */
  public static final int PAYLOAD = 100;

  private BenchSteps() {}

  /** What a benchmark does with the Redis it runs on. */
  @FunctionalInterface
  public interface OnRedis {
    void run(String uri) throws Exception;
  }

  /**
   * Runs {@code body} on {@code uri}, or, when it is blank, on a fresh local {@code redis-server}
   * (default config, no persistence) stopped afterwards.
   */
  public static void onRedis(String uri, OnRedis body) throws Exception {
    if (uri != null && !uri.isBlank()) {
      body.run(uri);
      return;
    }
    try (LocalRedis local = LocalRedis.startDefault()) {
      body.run(local.uri());
    }
  }

  /** The host of {@code redis://host:port}. */
  public static String host(String uri) {
    return uri.substring("redis://".length(), uri.lastIndexOf(':'));
  }

  /** The port of {@code redis://host:port}. */
  public static int port(String uri) {
    return Integer.parseInt(uri.substring(uri.lastIndexOf(':') + 1));
  }

  /** JIT warm-up of both paths (two rounds of 50,000 tasks), so the figures are steady-state ones. */
  public static void warmUp(Broker broker) throws InterruptedException {
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
  public static void bulkEnqueue(Broker broker, int n, Random random) {
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

  /** Processes {@code n} pending tasks with a no-op handler at {@code concurrency}; returns the seconds it took. */
  public static double drain(Broker broker, int n, int concurrency) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(n);
    WorkerConfig workers = WorkerConfig.builder().concurrency(concurrency).build();
    long t0 = System.nanoTime();
    Server server = Server.create(broker, workers, (ctx, task) -> done.countDown());
    server.start();
    if (!done.await(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("processing did not finish: " + done.getCount() + " left");
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    server.shutdown();
    return seconds;
  }

  /**
   * Pickup latency (enqueue returned → handler started): an open-loop producer at {@code rate}
   * tasks/s for {@code seconds}, through {@code client}, to a worker on {@code broker}. Prints one
   * line, starting with {@code indent}, and returns the histogram in µs.
   */
  public static Histogram latency(Broker broker, Client client, int concurrency, double rate, int seconds, String label,
      String indent) throws InterruptedException {
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
    System.out.printf(Locale.ROOT, "%spickup latency, %s (%,.0f tasks/s for %d s, %,d tasks): p50 %.2f ms, p99 %.2f ms, "
            + "max %.2f ms%s%n", indent, label, rate, seconds, h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0,
        h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0,
        failure.get() == null ? "" : " (errors: " + failure.get() + ")");
    return h;
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

  /** Redis's {@code used_memory}, for memory per pending task. */
  public static long usedMemory(RespClient redis) {
    return Long.parseLong(RespClient.infoField(redis.string("INFO", "memory"), "used_memory"));
  }

  /** The yardstick: {@code redis-benchmark -q -c 50 -n 200000 -t set} against the same server, in SET/s. */
  public static double redisBenchmarkSet(String host, int port) throws Exception {
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
