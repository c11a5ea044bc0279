package dev.taskbed.bench;

import dev.taskbed.Client;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Server;
import dev.taskbed.Task;
import dev.taskbed.WorkerConfig;
import dev.taskbed.inmemory.InMemoryBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end throughput of Client → InMemoryBroker → Server with a no-op handler at concurrency 8
 * (a benchmark, not a test; it asserts nothing). Two measurements, each after a JIT warm-up on the
 * same path:
 * <ol>
 *   <li><b>drain</b>: N tasks enqueued up front through {@link Client#enqueueAll} (batches of 1,000),
 *       then a worker started and timed until its handler has run N times;
 *   <li><b>steady state</b>: producers enqueue one task per call through {@link Client#enqueue}
 *       while the worker runs; timed from the first enqueue to the N-th handler run.
 * </ol>
 * Run: {@code mvn -q -pl backend-inmemory -am -Pbench-inmemory -DskipTests verify}. Options (system
 * properties): {@code bench.tasks} (500000), {@code bench.concurrency} (8), {@code bench.producers} (2).
 */
public final class InMemoryEndToEndBenchmark {

  public static void main(String[] args) throws Exception {
    int n = Integer.getInteger("bench.tasks", 500_000);
    int concurrency = Integer.getInteger("bench.concurrency", 8);
    int producers = Integer.getInteger("bench.producers", 2);
    System.out.printf("Taskbed in-memory end-to-end benchmark: %,d tasks, no-op handler, concurrency %d, %d cores%n",
        n, concurrency, Runtime.getRuntime().availableProcessors());
    for (int round = 0; round < 2; round++) {
      drain(Math.min(n, 100_000), concurrency);
      steadyState(Math.min(n, 100_000), concurrency, producers);
    }
    System.out.printf("drain: %,.0f tasks/s%n", drain(n, concurrency));
    System.out.printf("steady state (%d producers, enqueue one at a time): %,.0f tasks/s%n",
        producers, steadyState(n, concurrency, producers));
    System.exit(0);
  }

  /** Enqueues {@code n} tasks, then times a worker draining them; tasks/s. */
  private static double drain(int n, int concurrency) throws InterruptedException {
    try (InMemoryBroker broker = InMemoryBroker.create(); Client client = Client.create(broker)) {
      byte[] payload = new byte[100];
      for (int i = 0; i < n; i += 1_000) {
        List<Task> batch = new ArrayList<>(1_000);
        for (int k = i; k < Math.min(n, i + 1_000); k++) {
          batch.add(Task.of("bench", payload));
        }
        requireAcknowledged(client.enqueueAll(batch));
      }
      CountDownLatch done = new CountDownLatch(n);
      Server server = Server.create(broker, WorkerConfig.builder().concurrency(concurrency).build(),
          (ctx, task) -> done.countDown());
      long start = System.nanoTime();
      server.start();
      await(done);
      double seconds = (System.nanoTime() - start) / 1e9;
      server.shutdown();
      return n / seconds;
    }
  }

  /** A worker runs while {@code producers} threads enqueue {@code n} tasks in all; tasks/s. */
  private static double steadyState(int n, int concurrency, int producers) throws InterruptedException {
    try (InMemoryBroker broker = InMemoryBroker.create(); Client client = Client.create(broker)) {
      CountDownLatch done = new CountDownLatch(n);
      Server server = Server.create(broker, WorkerConfig.builder().concurrency(concurrency).build(),
          (ctx, task) -> done.countDown());
      server.start();
      byte[] payload = new byte[100];
      List<Thread> threads = new ArrayList<>();
      long start = System.nanoTime();
      for (int p = 0; p < producers; p++) {
        int share = n / producers + (p < n % producers ? 1 : 0);
        Thread producer = new Thread(() -> {
          for (int i = 0; i < share; i++) {
            if (!client.enqueue(Task.of("bench", payload)).outcome().acknowledged()) {
              throw new IllegalStateException("enqueue not acknowledged");
            }
          }
        }, "producer-" + p);
        producer.start();
        threads.add(producer);
      }
      for (Thread t : threads) {
        t.join();
      }
      await(done);
      double seconds = (System.nanoTime() - start) / 1e9;
      server.shutdown();
      return n / seconds;
    }
  }

  private static void requireAcknowledged(List<EnqueueResult> results) {
    for (EnqueueResult r : results) {
      if (!r.outcome().acknowledged()) {
        throw new IllegalStateException("enqueue not acknowledged: " + r);
      }
    }
  }

  private static void await(CountDownLatch done) throws InterruptedException {
    if (!done.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("processing did not finish: " + done.getCount() + " tasks left");
    }
  }
}
