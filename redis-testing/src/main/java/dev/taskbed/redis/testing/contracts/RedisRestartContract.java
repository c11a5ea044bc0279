package dev.taskbed.redis.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskbed.Client;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Server;
import dev.taskbed.Task;
import dev.taskbed.TaskbedException;
import dev.taskbed.WorkerConfig;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.LocalRedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Redis is killed (SIGKILL) and restarted on the same data directory under a running worker and
 * producer. With {@code appendfsync always}, every acknowledged enqueue survives and is processed,
 * the worker carries on by itself once Redis is back (the client reconnects; the broker reloads its
 * scripts into the fresh script cache), and no exception of the client library reaches the
 * producer: only Taskbed exceptions do.
 */
public abstract class RedisRestartContract extends RedisBrokerContract {

  @Test
  void redis_killed_and_restarted_under_a_running_worker_loses_no_acknowledged_task() throws Exception {
    RedisBrokerSettings settings = RedisBrokerSettings.builder()
        .maxAttempts(4).retryBackoff(Duration.ofMillis(50)).maxRetryBackoff(Duration.ofMillis(400)).build();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    Set<String> processed = ConcurrentHashMap.newKeySet();
    Set<Class<?>> producerErrors = ConcurrentHashMap.newKeySet();
    AtomicInteger processedAfterRestart = new AtomicInteger();
    AtomicBoolean restarted = new AtomicBoolean();
    try (LocalRedis redis = LocalRedis.builder().appendOnly("always").build().start();
        RedisBroker producerBroker = open(redis, settings);
        RedisBroker workerBroker = open(redis, settings)) {
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
              EnqueueResult r = client.enqueue(Task.of("job", ("n" + i).getBytes(StandardCharsets.UTF_8)));
              acknowledged.add(r.taskId());
            } catch (TaskbedException e) {
              producerErrors.add(e.getClass()); // not acknowledged: may or may not exist, no promise
            } catch (RuntimeException e) {
              producerErrors.add(e.getClass()); // a leak of the client library: fails the check below
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
      assertThat(producerErrors).as("only Taskbed exceptions reach the producer")
          .allSatisfy(c -> assertThat(TaskbedException.class).isAssignableFrom(c));
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
