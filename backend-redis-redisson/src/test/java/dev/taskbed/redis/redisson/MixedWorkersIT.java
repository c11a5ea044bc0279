package dev.taskbed.redis.redisson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskbed.Client;
import dev.taskbed.EnqueueResult;
import dev.taskbed.RetryDelayFunction;
import dev.taskbed.Server;
import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import dev.taskbed.WorkerConfig;
import dev.taskbed.conformance.assertions.TaskbedAssertions;
import dev.taskbed.conformance.history.AnomalyKind;
import dev.taskbed.conformance.history.HistoryChecker;
import dev.taskbed.conformance.history.HistoryRecorder;
import dev.taskbed.conformance.history.HistoryReport;
import dev.taskbed.conformance.history.RecordingAdmin;
import dev.taskbed.conformance.history.RecordingBroker;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.RedisFixture;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.Broker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * One queue served at the same time by a Jedis worker and a Redisson worker (the real runtime:
 * claims, heartbeats, acks, retries, lease recovery, graceful shutdown), fed by a producer on each
 * backend, on Redis {@code TIME}. Some tasks fail once, some are delayed, and some hang past their
 * timeout on their first attempt, so the runtime abandons them to lease expiry and a worker (on
 * either backend) recovers and re-runs them; midway the Jedis worker is shut down and replaced.
 * Every call is recorded, and the history checker must find no lost task, no attempt delivered
 * twice, no stale write accepted, nothing delivered early. The reports are printed and written to
 * {@code target/interop-history-*.md}.
 */
class MixedWorkersIT {
  private static final String QUEUE = "shared";
  private static final int TASKS_PER_PRODUCER = 300;

  /** One handler execution (recorded as it starts): which task, on which backend, under which claim. */
  private record Execution(String taskId, String backend, long claimSequence) {}

  private static HistoryReport run(RedisFixture redis, String label) throws Exception {
    redis.flushAll();
    HistoryRecorder recorder = new HistoryRecorder(Clock.systemUTC());
    RedisBrokerSettings settings = RedisBrokerSettings.defaults();
    ConcurrentLinkedQueue<Execution> executions = new ConcurrentLinkedQueue<>();
    Set<String> succeeded = ConcurrentHashMap.newKeySet();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    List<String> hanging = new ArrayList<>();
    try (RedisBroker jedis = TestBrokers.jedis(redis, settings);
        RedisBroker redisson = TestBrokers.broker(redis, settings)) {
      RecordingBroker viaJedis = new RecordingBroker(jedis, recorder);
      RecordingBroker viaRedisson = new RecordingBroker(redisson, recorder);
      Server jedisWorker = worker(viaJedis, "jedis", executions, succeeded);
      Server redissonWorker = worker(viaRedisson, "redisson", executions, succeeded);
      jedisWorker.start();
      redissonWorker.start();
      Server replacement = null;
      try {
        Thread p1 = producer(viaJedis, "jedis", acknowledged, hanging);
        Thread p2 = producer(viaRedisson, "redisson", acknowledged, hanging);
        p1.start();
        p2.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> succeeded.size() >= TASKS_PER_PRODUCER / 2);
        jedisWorker.shutdown(); // graceful: stops claiming, finishes or requeues what it holds
        replacement = worker(viaJedis, "jedis", executions, succeeded);
        replacement.start();
        p1.join(60_000);
        p2.join(60_000);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .until(() -> succeeded.containsAll(acknowledged) && jedis.stats(QUEUE).unfinished() == 0);
      } finally {
        redissonWorker.shutdown();
        if (replacement != null) {
          replacement.shutdown();
        }
      }
      new RecordingAdmin(redisson, recorder).read(List.of(QUEUE));
    }
    // Redis TIME and the recorder read this host's clock; allow for a script's own latency.
    HistoryReport report = HistoryChecker.builder().clockToleranceMillis(50).build().check(recorder.history());
    long byJedis = executions.stream().filter(e -> e.backend().equals("jedis")).count();
    long byRedisson = executions.size() - byJedis;
    String text = "## Mixed Jedis + Redisson workers on one queue: " + label + "\n\n" + report.toMarkdown()
        + "\nHandler executions: " + executions.size() + " (Jedis workers " + byJedis + ", Redisson workers "
        + byRedisson + ").\n";
    System.out.println(text);
    try {
      Files.writeString(Path.of("target", "interop-history-" + label + ".md"), text);
    } catch (IOException e) {
      // the report is also on stdout
    }

    TaskbedAssertions.assertClean(report);
    assertThat(report.count(AnomalyKind.LOST)).isZero();
    assertThat(report.count(AnomalyKind.DUPLICATED_CLAIM)).isZero();
    assertThat(report.count(AnomalyKind.STALE_WRITE)).isZero();
    assertThat(report.summary().lossChecked()).isTrue();
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(2 * TASKS_PER_PRODUCER);
    assertThat(report.summary().tasksAcknowledged()).isEqualTo(acknowledged.size());
    assertThat(byJedis).as("executions by Jedis workers").isGreaterThan(executions.size() / 10);
    assertThat(byRedisson).as("executions by Redisson workers").isGreaterThan(executions.size() / 10);
    for (String id : hanging) {
      assertThat(executions).as("hanging task " + id + " was abandoned, recovered and run again under a new claim")
          .filteredOn(e -> e.taskId().equals(id)).extracting(Execution::claimSequence).contains(1L, 2L);
    }
    assertThat(hanging).hasSizeGreaterThanOrEqualTo(4);
    assertThat(report.summary().deliveries()).isGreaterThanOrEqualTo(acknowledged.size() + hanging.size());
    return report;
  }

  private static Server worker(Broker broker, String backend, ConcurrentLinkedQueue<Execution> executions,
      Set<String> succeeded) {
    WorkerConfig config = WorkerConfig.builder().concurrency(6).queue(QUEUE, 1)
        .leaseDuration(Duration.ofSeconds(1)).heartbeatInterval(Duration.ofMillis(250))
        .recoverInterval(Duration.ofMillis(200)).recoveryDelay(Duration.ofMillis(50))
        .forwardInterval(Duration.ofMillis(100)).maxPollInterval(Duration.ofMillis(100))
        .retryDelay(RetryDelayFunction.fixed(Duration.ofMillis(50)))
        .cancelGrace(Duration.ofMillis(100)).shutdownTimeout(Duration.ofSeconds(2)).build();
    return Server.create(broker, config, (ctx, task) -> {
      executions.add(new Execution(ctx.taskId(), backend, ctx.claimSequence()));
      String kind = task.payloadAsString().substring(0, task.payloadAsString().indexOf('-'));
      if (kind.equals("flaky") && ctx.retryCount() == 0) {
        throw new IllegalStateException("fails on its first attempt");
      }
      if (kind.equals("hang") && ctx.claimSequence() == 1) {
        hangIgnoringCancellation(Duration.ofMillis(2_500)); // a zombie: its result is discarded
        return;
      }
      if (kind.equals("slow")) {
        Thread.sleep(20);
      }
      succeeded.add(ctx.taskId());
    });
  }

  private static void hangIgnoringCancellation(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    while (System.nanoTime() < end) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        // ignores cancellation, as a stuck handler would
      }
    }
  }

  private static Thread producer(Broker broker, String backend, Set<String> acknowledged, List<String> hanging) {
    return new Thread(() -> {
      try (Client client = Client.create(broker)) {
        for (int i = 0; i < TASKS_PER_PRODUCER; i++) {
          String kind = i % 50 == 7 ? "hang" : i % 7 == 0 ? "flaky" : i % 5 == 0 ? "slow" : "ok";
          TaskOptions.Builder options = TaskOptions.builder().queue(QUEUE).maxRetry(5);
          if (kind.equals("hang")) {
            options.timeout(Duration.ofMillis(300));
          }
          if (i % 9 == 0) {
            options.processIn(Duration.ofMillis(200));
          }
          if (i % 30 == 29) {
            List<Task> batch = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
              batch.add(Task.builder("mixed").payload("ok-" + backend + "-" + i + "-" + k)
                  .options(TaskOptions.builder().queue(QUEUE).build()).build());
            }
            client.enqueueAll(batch).forEach(r -> acknowledged.add(r.taskId()));
            i += 9;
            continue;
          }
          EnqueueResult r = client.enqueue(Task.builder("mixed").payload(kind + "-" + backend + "-" + i)
              .headers(Map.of("producer", backend)).build(), options.build());
          acknowledged.add(r.taskId());
          if (kind.equals("hang")) {
            synchronized (hanging) {
              hanging.add(r.taskId());
            }
          }
        }
      }
    }, "producer-" + backend);
  }

  @Test
  void one_queue_served_by_jedis_and_redisson_workers_at_once_has_a_clean_history_single_node() throws Exception {
    run(SharedRedis.local(), "single-node");
  }

  @Test
  void one_queue_served_by_jedis_and_redisson_workers_at_once_has_a_clean_history_cluster() throws Exception {
    run(SharedRedis.cluster(), "cluster");
  }
}
