package dev.taskbed.runtime;

import static dev.taskbed.runtime.ScriptedInvoker.Step.failAfter;
import static dev.taskbed.runtime.ScriptedInvoker.Step.succeedAfter;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.taskbed.EnqueueResult;
import dev.taskbed.PayloadCodec;
import dev.taskbed.RevokeTask;
import dev.taskbed.SkipRetry;
import dev.taskbed.Task;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskOptions;
import dev.taskbed.TaskState;
import dev.taskbed.WorkerConfig;
import dev.taskbed.internal.WorkerEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ServerProcessingTest {
  private final Harness h = new Harness();

  @Nested
  class Outcomes {
    @Test
    void a_task_that_succeeds_is_removed() {
      h.invoker.on("ok", succeedAfter(Duration.ofMillis(100)));
      h.startWorker(Harness.config().build());
      EnqueueResult r = h.enqueue("ok");
      h.run(Duration.ofSeconds(1));
      assertThat(h.invoker.attemptsOf(r.taskId())).hasSize(1);
      assertThat(h.task(r)).isNull();
      assertThat(h.inspector.stats("default").unfinished()).isZero();
    }

    @Test
    void a_succeeded_task_with_retention_stays_completed_until_the_janitor_purges_it() {
      h.invoker.on("ok", succeedAfter(Duration.ofMillis(100)));
      h.startWorker(Harness.config().build());
      EnqueueResult r = h.enqueue("ok", TaskOptions.builder().retention(Duration.ofSeconds(30)));
      h.run(Duration.ofSeconds(1));
      TaskInfo done = h.task(r);
      assertThat(done.state()).isEqualTo(TaskState.COMPLETED);
      assertThat(done.completedAt()).isNotNull();
      h.run(Duration.ofSeconds(29));
      assertThat(h.task(r)).isNotNull();
      h.run(Duration.ofSeconds(2));
      assertThat(h.task(r)).isNull();
    }

    @Test
    void a_failing_task_runs_max_retry_plus_one_times_then_is_archived() {
      h.invoker.on("flaky", failAfter(Duration.ofMillis(10), new IllegalStateException("down")));
      h.startWorker(Harness.config().build());
      EnqueueResult r = h.enqueue("flaky", TaskOptions.builder().maxRetry(3));
      h.run(Duration.ofSeconds(30));
      assertThat(h.invoker.attemptsOf(r.taskId())).hasSize(4);
      TaskInfo dead = h.task(r);
      assertThat(dead.state()).isEqualTo(TaskState.ARCHIVED);
      assertThat(dead.attempts()).isEqualTo(4);
      assertThat(dead.lastError()).isEqualTo("IllegalStateException: down");
    }

    @Test
    void a_retry_never_starts_before_its_backoff_has_passed() {
      h.invoker.on("flaky", (ctx, n) -> n < 3 ? failAfter(Duration.ofMillis(10), new RuntimeException("x"))
          : succeedAfter(Duration.ofMillis(10)));
      h.startWorker(Harness.config().retryDelay(dev.taskbed.RetryDelayFunction.fixed(Duration.ofMillis(2_500))).build());
      EnqueueResult r = h.enqueue("flaky");
      h.run(Duration.ofSeconds(20));
      List<ScriptedInvoker.Attempt> runs = h.invoker.attemptsOf(r.taskId());
      assertThat(runs).hasSize(3);
      for (int i = 1; i < runs.size(); i++) {
        assertThat(runs.get(i).startedAt - runs.get(i - 1).endedAt).isGreaterThanOrEqualTo(2_500);
      }
      assertThat(h.task(r)).isNull();
    }

    @Test
    void the_retry_count_seen_by_the_handler_grows_with_each_failure() {
      List<Integer> seen = new ArrayList<>();
      h.invoker.on("flaky", (ctx, n) -> {
        seen.add(ctx.retryCount());
        return n < 3 ? failAfter(Duration.ZERO, new RuntimeException()) : succeedAfter(Duration.ZERO);
      });
      h.startWorker(Harness.config().build());
      h.enqueue("flaky");
      h.run(Duration.ofSeconds(10));
      assertThat(seen).containsExactly(0, 1, 2);
    }

    @Test
    void skip_retry_archives_at_once() {
      h.invoker.on("bad", failAfter(Duration.ZERO, new SkipRetry("malformed address")));
      h.startWorker(Harness.config().build());
      EnqueueResult r = h.enqueue("bad");
      h.run(Duration.ofSeconds(10));
      assertThat(h.invoker.attemptsOf(r.taskId())).hasSize(1);
      assertThat(h.task(r).state()).isEqualTo(TaskState.ARCHIVED);
      assertThat(h.task(r).lastError()).isEqualTo("SkipRetry: malformed address");
    }

    @Test
    void revoke_drops_the_task_even_with_retention() {
      h.invoker.on("gone", failAfter(Duration.ZERO, new RevokeTask("order cancelled")));
      h.startWorker(Harness.config().build());
      EnqueueResult r = h.enqueue("gone", TaskOptions.builder().retention(Duration.ofHours(1)));
      h.run(Duration.ofSeconds(5));
      assertThat(h.invoker.attemptsOf(r.taskId())).hasSize(1);
      assertThat(h.task(r)).isNull();
      assertThat(h.inspector.stats("default").archived()).isZero();
    }

    @Test
    void an_unknown_task_type_is_archived_at_once_with_a_clear_error() {
      h.startWorker(Harness.config().build());
      EnqueueResult r = h.enqueue("sms:send");
      h.run(Duration.ofSeconds(5));
      TaskInfo dead = h.task(r);
      assertThat(dead.state()).isEqualTo(TaskState.ARCHIVED);
      assertThat(dead.lastError()).isEqualTo("NoHandlerException: no handler for task type \"sms:send\"");
      assertThat(h.invoker.attemptsOf(r.taskId())).hasSize(1);
    }

    @Test
    void an_unknown_type_is_retried_without_counting_during_the_grace_so_a_rolling_deploy_can_pick_it_up() {
      h.startWorker(Harness.config().unknownTypeGrace(Duration.ofSeconds(10)).build());
      EnqueueResult r = h.enqueue("new:type");
      h.run(Duration.ofSeconds(5));
      TaskInfo waiting = h.task(r);
      assertThat(waiting.state()).isIn(TaskState.RETRY, TaskState.PENDING, TaskState.ACTIVE);
      assertThat(waiting.attempts()).isZero();
      h.invoker.on("new:type", succeedAfter(Duration.ZERO));
      h.run(Duration.ofSeconds(3));
      assertThat(h.task(r)).isNull();
    }

    @Test
    void the_error_handler_sees_every_failure_but_not_successes() {
      List<String> errors = new ArrayList<>();
      h.invoker.on("flaky", (ctx, n) -> n == 1 ? failAfter(Duration.ZERO, new RuntimeException("first"))
          : succeedAfter(Duration.ZERO));
      h.startWorker(Harness.config().errorHandler((ctx, e) -> errors.add(ctx.taskId() + ":" + e.getMessage())).build());
      EnqueueResult r = h.enqueue("flaky");
      h.run(Duration.ofSeconds(5));
      assertThat(errors).containsExactly(r.taskId() + ":first");
    }
  }

  @Nested
  class Payloads {
    record Invoice(String customerId, Instant dueAt, Optional<String> note) {}

    private final Invoice invoice = new Invoice("c-1", Instant.parse("2026-12-31T00:00:00Z"), Optional.of("n"));

    private List<Invoice> handle(Task task, WorkerConfig.Builder config) {
      List<Invoice> read = new ArrayList<>();
      WorkerEngine.forHandler(h.broker, config.build(),
          (ctx, t) -> read.add(ctx.payloadAs(Invoice.class)), h.env).start();
      h.client.enqueue(task);
      h.run(Duration.ofSeconds(1));
      return read;
    }

    @Test
    void a_handler_reads_dates_and_optionals_with_the_default_codec() {
      assertThat(handle(Task.json("invoice", invoice), Harness.config())).containsExactly(invoice);
    }

    @Test
    void a_handler_reads_with_the_codec_the_worker_is_configured_with() {
      PayloadCodec snakeCase = PayloadCodec.jackson(JsonMapper.builder()
          .findAndAddModules()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .build());
      Task task = Task.json("invoice", invoice, snakeCase);
      assertThat(task.payloadAsString()).contains("\"customer_id\":\"c-1\"");
      assertThat(handle(task, Harness.config().payloadCodec(snakeCase))).containsExactly(invoice);
    }
  }

  @Nested
  class ExecutorRejection {
    @Test
    void a_task_the_applications_executor_rejects_is_requeued_without_counting_an_attempt_and_runs_later() {
      List<Long> runs = new ArrayList<>();
      List<Throwable> reported = new ArrayList<>();
      int[] submitted = {0};
      Executor saturatedOnce = command -> {
        if (submitted[0]++ == 0) {
          throw new RejectedExecutionException("queue full");
        }
        h.env.execute(command);
      };
      WorkerEngine w = WorkerEngine.forHandler(h.broker,
          Harness.config().executor(saturatedOnce).errorHandler((ctx, e) -> reported.add(e)).build(),
          (ctx, task) -> runs.add(ctx.claimSequence()), h.env);
      w.start();
      EnqueueResult r = h.enqueue("t", TaskOptions.builder().maxRetry(0));
      h.run(Duration.ofSeconds(5));

      assertThat(runs).as("ran once, under the second claim").containsExactly(2L);
      assertThat(h.task(r)).as("completed, not archived").isNull();
      assertThat(reported).isEmpty();
    }
  }

  @Nested
  class Claiming {
    @Test
    void never_runs_more_handlers_than_its_concurrency() {
      h.invoker.on("slow", succeedAfter(Duration.ofMillis(300)));
      h.startWorker(Harness.config().concurrency(3).build());
      for (int i = 0; i < 20; i++) {
        h.enqueue("slow");
      }
      h.run(Duration.ofSeconds(10));
      assertThat(h.invoker.attempts).hasSize(20);
      assertThat(h.invoker.maxRunning).isEqualTo(3);
    }

    @Test
    void an_idle_worker_picks_up_a_new_task_at_once_through_the_wakeup_hint() {
      h.invoker.on("t", succeedAfter(Duration.ZERO));
      h.startWorker(Harness.config().maxPollInterval(Duration.ofSeconds(10)).build());
      h.run(Duration.ofSeconds(3));
      EnqueueResult r = h.enqueue("t");
      long enqueuedAt = h.env.clock().millis();
      h.run(Duration.ofMillis(1));
      assertThat(h.invoker.attemptsOf(r.taskId())).singleElement()
          .satisfies(a -> assertThat(a.startedAt).isEqualTo(enqueuedAt));
    }

    @Test
    void a_delayed_task_starts_when_due_not_before() {
      h.invoker.on("t", succeedAfter(Duration.ZERO));
      h.startWorker(Harness.config().build());
      EnqueueResult r = h.enqueue("t", TaskOptions.builder().processIn(Duration.ofMillis(2_345)));
      h.run(Duration.ofSeconds(5));
      assertThat(h.invoker.attemptsOf(r.taskId())).singleElement()
          .satisfies(a -> assertThat(a.startedAt - h.t0).isEqualTo(2_345));
    }

    @Test
    void strict_priority_drains_the_higher_queue_first() {
      List<String> order = new ArrayList<>();
      h.invoker.on("t", (ctx, n) -> {
        order.add(ctx.queue());
        return succeedAfter(Duration.ofMillis(10));
      });
      for (int i = 0; i < 5; i++) {
        h.enqueue("t", TaskOptions.builder().queue("default"));
        h.enqueue("t", TaskOptions.builder().queue("critical"));
      }
      h.startWorker(Harness.config().concurrency(1).queue("critical", 6).queue("default", 3).strictPriority(true).build());
      h.run(Duration.ofSeconds(5));
      assertThat(order).containsExactly("critical", "critical", "critical", "critical", "critical",
          "default", "default", "default", "default", "default");
    }

    @Test
    void a_paused_queue_is_not_claimed_until_unpaused() {
      h.invoker.on("t", succeedAfter(Duration.ZERO));
      h.inspector.pause("default");
      h.startWorker(Harness.config().build());
      EnqueueResult r = h.enqueue("t");
      h.run(Duration.ofSeconds(5));
      assertThat(h.invoker.attempts).isEmpty();
      h.inspector.unpause("default");
      h.run(Duration.ofSeconds(2));
      assertThat(h.invoker.attemptsOf(r.taskId())).hasSize(1);
    }

    @Test
    void tasks_of_one_queue_start_in_enqueue_order() {
      List<String> order = new ArrayList<>();
      h.invoker.on("t", (ctx, n) -> {
        order.add(ctx.taskId());
        return succeedAfter(Duration.ofMillis(5));
      });
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        ids.add(h.enqueue("t").taskId());
      }
      h.startWorker(Harness.config().concurrency(1).build());
      h.run(Duration.ofSeconds(5));
      assertThat(order).isEqualTo(ids);
    }
  }

  @Nested
  class Maintenance {
    @Test
    void due_tasks_of_queues_no_worker_serves_are_forwarded_to_pending() {
      h.startWorker(Harness.config().build());
      h.enqueue("t", TaskOptions.builder().queue("elsewhere").processIn(Duration.ofSeconds(2)));
      assertThat(h.inspector.stats("elsewhere").scheduled()).isEqualTo(1);
      h.run(Duration.ofSeconds(4));
      assertThat(h.inspector.stats("elsewhere").pending()).isEqualTo(1);
      assertThat(h.inspector.stats("elsewhere").scheduled()).isZero();
    }

    @Test
    void several_workers_sharing_queues_and_maintenance_run_every_task_exactly_once() {
      h.invoker.on("t", (ctx, n) -> n == 1 && ctx.taskId().hashCode() % 3 == 0
          ? failAfter(Duration.ofMillis(50), new RuntimeException("transient"))
          : succeedAfter(Duration.ofMillis(50)));
      WorkerConfig cfg = Harness.config().concurrency(5).build();
      h.startWorker(cfg);
      h.startWorker(cfg);
      h.startWorker(cfg);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        ids.add(h.enqueue("t").taskId());
      }
      h.run(Duration.ofSeconds(60));
      for (String id : ids) {
        List<ScriptedInvoker.Attempt> runs = h.invoker.attemptsOf(id);
        assertThat(runs).as(id).hasSize(id.hashCode() % 3 == 0 ? 2 : 1);
        assertThat(runs).extracting(a -> a.claimSequence).doesNotHaveDuplicates();
      }
      assertThat(h.inspector.stats("default").unfinished()).isZero();
      assertThat(h.inspector.stats("default").archived()).isZero();
    }
  }
}
