package dev.taskbed.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.taskbed.Client;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Inspector;
import dev.taskbed.RetryDelayFunction;
import dev.taskbed.Server;
import dev.taskbed.ServeMux;
import dev.taskbed.Task;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskOptions;
import dev.taskbed.TaskState;
import dev.taskbed.WorkerConfig;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.internal.WorkerEngine;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runtime on the system environment: real threads, real interrupts, real time. */
class RealThreadsTest {
  private final InMemoryBroker broker = InMemoryBroker.create();
  private final Client client = Client.create(broker);
  private final Inspector inspector = Inspector.create(broker);
  private Server server;

  private WorkerConfig.Builder config() {
    return WorkerConfig.builder().concurrency(3).leaseDuration(Duration.ofSeconds(5)).heartbeatInterval(Duration.ofSeconds(1))
        .retryDelay(RetryDelayFunction.fixed(Duration.ofMinutes(10))).shutdownTimeout(Duration.ofSeconds(2));
  }

  @AfterEach
  void shutdown() {
    if (server != null) {
      server.shutdown();
    }
  }

  @Test
  void a_blocking_handler_is_interrupted_when_its_timeout_passes() {
    AtomicBoolean interrupted = new AtomicBoolean();
    ServeMux mux = new ServeMux().handle("sleepy", (ctx, task) -> {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        interrupted.set(ctx.isCancelled());
        throw e;
      }
    });
    server = Server.create(broker, config().build(), mux);
    server.start();
    EnqueueResult r = client.enqueue(Task.of("sleepy", new byte[0]), TaskOptions.builder().timeout(Duration.ofMillis(300)).build());
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      TaskInfo info = inspector.task("default", r.taskId()).orElseThrow();
      assertThat(info.state()).isEqualTo(TaskState.RETRY);
      assertThat(info.lastError()).contains("timed out");
    });
    assertThat(interrupted).isTrue();
  }

  @Test
  void real_handler_threads_never_exceed_the_concurrency() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    ServeMux mux = new ServeMux().handle("work", (ctx, task) -> {
      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
      Thread.sleep(30);
      running.decrementAndGet();
      done.incrementAndGet();
    });
    server = Server.create(broker, config().build(), mux);
    server.start();
    for (int i = 0; i < 24; i++) {
      client.enqueue(Task.of("work", new byte[0]));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> done.get() == 24);
    assertThat(peak.get()).isEqualTo(3);
  }

  @Test
  void handlers_run_on_the_configured_executor() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    AtomicInteger submitted = new AtomicInteger();
    Executor counting = command -> {
      submitted.incrementAndGet();
      pool.execute(command);
    };
    CountDownLatch ran = new CountDownLatch(5);
    server = Server.create(broker, config().executor(counting).build(), new ServeMux().handle("t", (ctx, task) -> ran.countDown()));
    server.start();
    for (int i = 0; i < 5; i++) {
      client.enqueue(Task.of("t", new byte[0]));
    }
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(submitted.get()).isEqualTo(5);
    server.shutdown();
    server = null;
    assertThat(pool.isShutdown()).as("a user's executor is not shut down by the server").isFalse();
    pool.shutdown();
  }

  @Test
  void a_handler_that_ignores_interrupts_keeps_its_pool_thread_so_the_worker_claims_nothing_for_it() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch stuckStarted = new CountDownLatch(1);
    ServeMux mux = new ServeMux()
        .handle("stuck", (ctx, task) -> {
          stuckStarted.countDown();
          while (true) {
            try {
              if (release.await(10, TimeUnit.SECONDS)) {
                return;
              }
            } catch (InterruptedException ignored) {
              // this handler ignores cancellation on purpose
            }
          }
        })
        .handle("next", (ctx, task) -> {});
    WorkerEngine engine = (WorkerEngine) Server.create(broker,
        config().concurrency(1).cancelGrace(Duration.ofMillis(100)).build(), mux);
    server = engine;
    server.start();
    client.enqueue(Task.of("stuck", new byte[0]), TaskOptions.builder().timeout(Duration.ofMillis(100)).build());
    assertThat(stuckStarted.await(10, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> engine.stuckHandlers() == 1);
    assertThat(engine.activeTasks()).isZero();

    EnqueueResult next = client.enqueue(Task.of("next", new byte[0]));
    assertThat(inspector.task("default", next.taskId()).orElseThrow().state())
        .as("not claimed while the only pool thread is stuck").isEqualTo(TaskState.PENDING);
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> inspector.task("default", next.taskId()).isEmpty());
    assertThat(engine.stuckHandlers()).isZero();
  }

  @Test
  void shutdown_interrupts_a_handler_after_the_timeout_and_requeues_its_task() {
    CountDownLatch started = new CountDownLatch(1);
    ServeMux mux = new ServeMux().handle("forever", (ctx, task) -> {
      started.countDown();
      Thread.sleep(60_000);
    });
    server = Server.create(broker, config().shutdownTimeout(Duration.ofMillis(200)).build(), mux);
    server.start();
    EnqueueResult r = client.enqueue(Task.of("forever", new byte[0]));
    await().atMost(Duration.ofSeconds(5)).until(() -> started.getCount() == 0);
    long before = System.nanoTime();
    server.shutdown();
    server = null;
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
    TaskInfo info = inspector.task("default", r.taskId()).orElseThrow();
    assertThat(info.state()).isEqualTo(TaskState.PENDING);
    assertThat(info.attempts()).isZero();
  }
}
