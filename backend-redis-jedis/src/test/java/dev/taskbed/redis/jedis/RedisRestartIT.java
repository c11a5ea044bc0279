package dev.taskbed.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskbed.Client;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Server;
import dev.taskbed.Task;
import dev.taskbed.TaskbedException;
import dev.taskbed.WorkerConfig;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.LocalRedis;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Redis is killed (SIGKILL) and restarted on the same data directory under a running worker and
 * producer. With {@code appendfsync always}, every acknowledged enqueue survives and is processed,
 * and the worker carries on by itself once Redis is back.
 */
class RedisRestartIT {

  @Test
  void redisKilledAndRestarted_underARunningWorker_losesNoAcknowledgedTask() throws Exception {
    RedisBrokerSettings settings = RedisBrokerSettings.builder()
        .maxAttempts(4).retryBackoff(Duration.ofMillis(50)).maxRetryBackoff(Duration.ofMillis(400)).build();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Set<String> processed = ConcurrentHashMap.newKeySet();
    AtomicInteger processedAfterRestart = new AtomicInteger();
    AtomicBoolean restarted = new AtomicBoolean();
    AtomicInteger producerErrors = new AtomicInteger();
    try (LocalRedis redis = LocalRedis.builder().appendOnly("always").build().start();
        JedisBroker producerBroker = TestBrokers.broker(redis, settings);
        JedisBroker workerBroker = TestBrokers.broker(redis, settings)) {
      WorkerConfig config = WorkerConfig.builder()
          .concurrency(4)
          .leaseDuration(Duration.ofSeconds(4)).heartbeatInterval(Duration.ofMillis(500))
          .recoverInterval(Duration.ofMillis(500)).recoveryDelay(Duration.ofMillis(100))
          .forwardInterval(Duration.ofMillis(500)).maxPollInterval(Duration.ofMillis(200))
          .build();
      Server server = Server.create(workerBroker, config, (ctx, task) -> {
        processed.add(ctx.taskId());
        if (restarted.get()) {
          processedAfterRestart.incrementAndGet();
        }
      });
      server.start();
      try (Client client = Client.create(producerBroker)) {
        Thread producer = new Thread(() -> {
          for (int i = 0; i < 400; i++) {
            try {
              EnqueueResult r = client.enqueue(Task.of("job", ("n" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
              acknowledged.add(r.taskId());
            } catch (TaskbedException e) {
              producerErrors.incrementAndGet(); // not acknowledged: may or may not exist, no promise
            }
            sleep(5);
          }
        }, "producer");
        producer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.size() >= 100);
        redis.kill();
        sleep(1_500);
        redis.start();
        restarted.set(true);
        producer.join(120_000);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .untilAsserted(() -> assertThat(processed).containsAll(acknowledged));
      } finally {
        server.shutdown();
      }
      assertThat(acknowledged).hasSizeGreaterThan(200);
      assertThat(processedAfterRestart.get()).as("the worker resumed after the restart").isPositive();
      assertThat(workerBroker.stats("default").unfinished()).isZero();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
