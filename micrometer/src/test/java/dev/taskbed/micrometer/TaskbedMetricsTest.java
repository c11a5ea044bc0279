package dev.taskbed.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.Handler;
import dev.taskbed.Inspector;
import dev.taskbed.Page;
import dev.taskbed.QueueStats;
import dev.taskbed.RetryDelayFunction;
import dev.taskbed.Server;
import dev.taskbed.Task;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskOptions;
import dev.taskbed.TaskState;
import dev.taskbed.WorkerConfig;
import dev.taskbed.env.VirtualEnvironment;
import dev.taskbed.event.TaskbedEvent;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ForwardingBroker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The meters, read from a {@link SimpleMeterRegistry}, for a client and a worker on the in-memory broker in virtual time. */
class TaskbedMetricsTest {
  private final VirtualEnvironment env = new VirtualEnvironment(20261206L);
  private final InMemoryBroker inMemory = new InMemoryBroker(env.clock());
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final TaskbedMetrics metrics = new TaskbedMetrics(registry);

  private WorkerConfig.Builder config() {
    return WorkerConfig.builder().concurrency(2)
        .leaseDuration(Duration.ofSeconds(2)).heartbeatInterval(Duration.ofMillis(500))
        .recoverInterval(Duration.ofMillis(500)).recoveryDelay(Duration.ofMillis(100))
        .forwardInterval(Duration.ofSeconds(1)).retryDelay(RetryDelayFunction.fixed(Duration.ofSeconds(1)))
        .listener(metrics);
  }

  private double processed(String type, String outcome) {
    var c = registry.find(TaskbedMetrics.PROCESSED).tags("queue", "default", "type", type, "outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }

  @Nested
  class Tasks {
    @Test
    void enqueues_and_attempts_are_counted_by_outcome_with_handler_time_wait_time_and_active_handlers() {
      AtomicInteger activeSeenByHandler = new AtomicInteger(-1);
      AtomicInteger flakyCalls = new AtomicInteger();
      Handler handler = (ctx, task) -> {
        switch (task.type()) {
          case "ok" -> activeSeenByHandler.set((int) registry.get(TaskbedMetrics.ACTIVE)
              .tags("queue", "default", "type", "ok").gauge().value());
          case "flaky" -> {
            if (flakyCalls.incrementAndGet() == 1) {
              throw new IOException("first time");
            }
          }
          default -> throw new IOException("always");
        }
      };
      Client client = Client.create(inMemory, ClientConfig.builder().listener(metrics).build(), env);
      for (int i = 0; i < 3; i++) {
        client.enqueue(Task.of("ok", new byte[0]));
      }
      env.advance(Duration.ofSeconds(2)); // no worker yet: the tasks wait
      Server server = Server.create(inMemory, config().build(), handler, env);
      server.start();
      client.enqueue(Task.of("flaky", new byte[0]));
      client.enqueue(Task.of("bad", new byte[0]), TaskOptions.builder().maxRetry(0).taskId("bad-1").build());
      client.enqueue(Task.of("bad", new byte[0]), TaskOptions.builder().maxRetry(0).taskId("bad-1").build());
      env.advance(Duration.ofSeconds(10));

      assertThat(registry.get(TaskbedMetrics.ENQUEUED).tags("type", "ok", "outcome", "created").counter().count()).isEqualTo(3);
      assertThat(registry.get(TaskbedMetrics.ENQUEUED).tags("type", "bad", "outcome", "existing").counter().count()).isEqualTo(1);
      assertThat(processed("ok", "succeeded")).isEqualTo(3);
      assertThat(processed("flaky", "failed")).isEqualTo(1);
      assertThat(processed("flaky", "succeeded")).isEqualTo(1);
      assertThat(processed("bad", "archived")).isEqualTo(1);
      assertThat(registry.get(TaskbedMetrics.DURATION).tags("type", "flaky").timer().count()).isEqualTo(2);
      var wait = registry.get(TaskbedMetrics.WAIT).tags("type", "ok").timer();
      assertThat(wait.count()).isEqualTo(3);
      assertThat(wait.max(java.util.concurrent.TimeUnit.MILLISECONDS)).as("enqueued 2 s before a worker started").isEqualTo(2_000.0);
      assertThat(activeSeenByHandler).hasValue(1);
      assertThat(registry.get(TaskbedMetrics.ACTIVE).tags("type", "ok").gauge().value()).isZero();
      assertThat(registry.find(TaskbedMetrics.PROCESSED).meters()).as("no tag holds a task id")
          .allSatisfy(m -> assertThat(m.getId().getTag("task_id")).isNull());
    }

    @Test
    void tasks_recovered_from_an_expired_lease_are_counted_per_queue() {
      Client client = Client.create(inMemory, ClientConfig.defaults(), env);
      client.enqueue(Task.of("ok", new byte[0]));
      // A worker that claims and then dies: its lease is never renewed nor acked.
      inMemory.claim(new ClaimRequest("dead-worker-claim", List.of("default"), 1, 1_000));
      Server server = Server.create(inMemory, config().build(), (ctx, task) -> {}, env);
      server.start();
      env.advance(Duration.ofSeconds(5));

      assertThat(registry.get(TaskbedMetrics.RECOVERED).tags("queue", "default").counter().count()).isEqualTo(1);
      assertThat(processed("ok", "succeeded")).isEqualTo(1);
    }

    @Test
    void stuck_handlers_lost_leases_and_requeues_are_counted_and_leave_the_active_gauge() {
      TaskbedEvent.Attempt a = new TaskbedEvent.Attempt("id", "default", "t", 1, 26);
      for (int i = 0; i < 4; i++) {
        metrics.onStarted(new TaskbedEvent.Started(a, Duration.ZERO));
      }
      metrics.onHandlerStuck(new TaskbedEvent.HandlerStuck(a, dev.taskbed.CancelReason.TIMEOUT, 1));
      metrics.onLeaseLost(new TaskbedEvent.LeaseLost(a));
      metrics.onRequeued(new TaskbedEvent.Requeued(a, TaskbedEvent.RequeueReason.SHUTDOWN));
      metrics.onRequeued(new TaskbedEvent.Requeued(a, TaskbedEvent.RequeueReason.NOT_STARTED));

      assertThat(registry.get(TaskbedMetrics.STUCK).tags("type", "t").counter().count()).isEqualTo(1);
      assertThat(processed("t", "lease_lost")).isEqualTo(1);
      assertThat(registry.get(TaskbedMetrics.REQUEUED).tags("type", "t", "reason", "shutdown").counter().count()).isEqualTo(1);
      assertThat(registry.get(TaskbedMetrics.ACTIVE).tags("type", "t").gauge().value())
          .as("4 started, 3 ended; a task given back unstarted never counted").isEqualTo(1);
    }
  }

  @Nested
  class BrokerCalls {
    @Test
    void broker_calls_are_timed_by_operation_and_outcome_and_an_outage_shows_on_the_reachable_gauge() {
      boolean[] down = {false};
      Broker flaky = new ForwardingBroker(inMemory) {
        @Override
        protected Broker delegate() {
          if (down[0]) {
            throw new BrokerUnavailableException("partitioned (test fault)");
          }
          return super.delegate();
        }
      };
      Server server = Server.create(flaky, config().build(), (ctx, task) -> {}, env);
      server.start();
      env.advance(Duration.ofSeconds(2));
      down[0] = true;
      env.advance(Duration.ofSeconds(5));
      assertThat(registry.get(TaskbedMetrics.BROKER_REACHABLE).gauge().value()).isZero();
      down[0] = false;
      env.advance(Duration.ofSeconds(10));

      assertThat(registry.get(TaskbedMetrics.BROKER_REACHABLE).gauge().value()).isEqualTo(1);
      assertThat(registry.get(TaskbedMetrics.BROKER_CALLS).tags("operation", "claim", "outcome", "success").timer().count()).isPositive();
      assertThat(registry.get(TaskbedMetrics.BROKER_CALLS)
          .tags("operation", "claim", "outcome", "error", "exception", "BrokerUnavailableException").timer().count()).isPositive();
    }
  }

  @Nested
  class QueueSizes {
    /** Counts the calls a sampler makes. */
    private final AtomicInteger statsCalls = new AtomicInteger();
    private final Inspector inspector = counting(Inspector.create(inMemory));

    @Test
    void queue_sizes_are_sampled_at_the_interval_not_at_each_read() {
      Client client = Client.create(inMemory, ClientConfig.defaults(), env);
      for (int i = 0; i < 3; i++) {
        client.enqueue(Task.of("t", new byte[0]));
      }
      client.enqueue(Task.of("t", new byte[0]), TaskOptions.builder().processIn(Duration.ofHours(1)).build());
      QueueSizeGauges gauges = QueueSizeGauges.start(inspector, registry, Duration.ofSeconds(15), env);

      assertThat(size("pending")).isEqualTo(3);
      assertThat(size("scheduled")).isEqualTo(1);
      client.enqueue(Task.of("t", new byte[0]));
      for (int i = 0; i < 100; i++) {
        size("pending");
      }
      assertThat(statsCalls).as("reads do not reach the broker").hasValue(1);
      assertThat(size("pending")).as("until the next sample").isEqualTo(3);

      env.advance(Duration.ofSeconds(15));
      assertThat(size("pending")).isEqualTo(4);
      assertThat(statsCalls).hasValue(2);

      gauges.close();
      env.advance(Duration.ofMinutes(1));
      assertThat(statsCalls).as("closed: no more samples").hasValue(2);
    }

    private double size(String state) {
      return registry.get(QueueSizeGauges.QUEUE_SIZE).tags("queue", "default", "state", state).gauge().value();
    }

    private Inspector counting(Inspector target) {
      return new Inspector() {
        @Override
        public List<String> queues() {
          return target.queues();
        }

        @Override
        public QueueStats stats(String queue) {
          statsCalls.incrementAndGet();
          return target.stats(queue);
        }

        @Override
        public Page<TaskInfo> list(String queue, TaskState state, int page, int pageSize) {
          return target.list(queue, state, page, pageSize);
        }

        @Override
        public Optional<TaskInfo> task(String queue, String taskId) {
          return target.task(queue, taskId);
        }

        @Override
        public void delete(String queue, String taskId) {
          target.delete(queue, taskId);
        }

        @Override
        public void runNow(String queue, String taskId) {
          target.runNow(queue, taskId);
        }

        @Override
        public void archive(String queue, String taskId) {
          target.archive(queue, taskId);
        }

        @Override
        public void pause(String queue) {
          target.pause(queue);
        }

        @Override
        public void unpause(String queue) {
          target.unpause(queue);
        }
      };
    }
  }
}
