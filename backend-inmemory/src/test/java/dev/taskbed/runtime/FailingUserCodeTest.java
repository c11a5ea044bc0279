package dev.taskbed.runtime;

import static dev.taskbed.runtime.ScriptedInvoker.Step.failAfter;
import static dev.taskbed.runtime.ScriptedInvoker.Step.succeedAfter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.EnqueueResult;
import dev.taskbed.RetryDelayFunction;
import dev.taskbed.Task;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskOptions;
import dev.taskbed.TaskState;
import dev.taskbed.WorkerConfig;
import dev.taskbed.internal.AttemptContext;
import dev.taskbed.internal.TaskInvoker;
import dev.taskbed.internal.WorkerEngine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * User code that runs after a handler returned (the retry delay, the failure predicate, the error
 * handler) or instead of it (an invoker that throws) cannot leave a task held by the worker: it is
 * retried or archived with the error recorded, the error handler sees the error, shutdown ends.
 */
class FailingUserCodeTest {
  private final Harness h = new Harness();
  private final List<Throwable> reported = new CopyOnWriteArrayList<>();

  private WorkerConfig.Builder config() {
    return Harness.config().errorHandler((ctx, e) -> reported.add(e));
  }

  /** Runs until the worker has settled, then shuts it down and checks that shutdown completes. */
  private void runAndShutDown(WorkerEngine w) {
    h.run(Duration.ofSeconds(2));
    CompletableFuture<Void> done = w.shutdownAsync().toCompletableFuture();
    h.run(Duration.ofSeconds(10));
    assertThat(done).as("shutdown completes").isDone();
    assertThat(w.activeTasks()).isZero();
  }

  @Test
  void a_retry_delay_function_that_throws_schedules_the_retry_with_the_default_backoff() {
    h.invoker.on("t", failAfter(Duration.ofMillis(10), new IllegalStateException("handler failed")));
    IllegalArgumentException policyBug = new IllegalArgumentException("no delay for you");
    WorkerEngine w = h.startWorker(config().retryDelay((n, e, task, random) -> {
      throw policyBug;
    }).build());
    EnqueueResult r = h.enqueue("t");
    runAndShutDown(w);

    TaskInfo info = h.task(r);
    assertThat(info.state()).isEqualTo(TaskState.RETRY);
    assertThat(info.attempts()).isEqualTo(1);
    assertThat(info.lastError()).contains("IllegalStateException: handler failed")
        .contains("IllegalArgumentException: no delay for you");
    long delay = info.nextProcessAt().toEpochMilli() - info.lastFailedAt().toEpochMilli();
    assertThat(delay).as("the default backoff's first delay, 15-44 s").isBetween(15_000L, 44_000L);
    assertThat(reported).extracting(Throwable::getMessage).contains("handler failed", "no delay for you");
  }

  @Test
  void a_failure_predicate_that_throws_counts_the_attempt_as_failed() {
    h.invoker.on("t", failAfter(Duration.ofMillis(10), new IllegalStateException("handler failed")));
    WorkerEngine w = h.startWorker(config().isFailure(e -> {
      throw new UnsupportedOperationException("predicate bug");
    }).build());
    EnqueueResult r = h.enqueue("t", TaskOptions.builder().maxRetry(0));
    runAndShutDown(w);

    TaskInfo info = h.task(r);
    assertThat(info.state()).isEqualTo(TaskState.ARCHIVED);
    assertThat(info.attempts()).isEqualTo(1);
    assertThat(info.lastError()).contains("handler failed").contains("predicate bug");
    assertThat(reported).extracting(Throwable::getMessage).contains("handler failed", "predicate bug");
  }

  @Test
  void a_retry_delay_too_long_for_milliseconds_is_capped_not_an_error() {
    h.invoker.on("t", failAfter(Duration.ofMillis(10), new IllegalStateException("handler failed")));
    WorkerEngine w = h.startWorker(config().retryDelay(RetryDelayFunction.fixed(Duration.ofSeconds(Long.MAX_VALUE))).build());
    EnqueueResult r = h.enqueue("t");
    runAndShutDown(w);

    TaskInfo info = h.task(r);
    assertThat(info.state()).isEqualTo(TaskState.RETRY);
    assertThat(info.lastError()).isEqualTo("IllegalStateException: handler failed");
    assertThat(Duration.between(info.lastFailedAt(), info.nextProcessAt())).isEqualTo(RetryDelayFunction.MAX_DELAY);
    assertThat(reported).extracting(Throwable::getMessage).containsExactly("handler failed");
  }

  @Test
  void an_error_handler_that_throws_an_error_does_not_keep_the_task() {
    h.invoker.on("t", failAfter(Duration.ofMillis(10), new IllegalStateException("handler failed")));
    WorkerEngine w = h.startWorker(Harness.config().errorHandler((ctx, e) -> {
      throw new AssertionError("error handler bug");
    }).build());
    EnqueueResult r = h.enqueue("t");
    runAndShutDown(w);

    assertThat(h.task(r).state()).isEqualTo(TaskState.RETRY);
    assertThat(h.task(r).lastError()).isEqualTo("IllegalStateException: handler failed");
  }

  @Test
  void an_invoker_that_throws_synchronously_fails_that_attempt_and_the_other_claimed_tasks_still_run() {
    h.invoker.on("t", succeedAfter(Duration.ofMillis(10)));
    EnqueueResult broken = h.enqueue("t");
    EnqueueResult fine = h.enqueue("t");
    TaskInvoker throwsForTheFirst = new TaskInvoker() {
      @Override
      public CompletionStage<Void> invoke(AttemptContext ctx, Task task) {
        if (ctx.taskId().equals(broken.taskId())) {
          throw new NoClassDefFoundError("com/example/Missing");
        }
        return h.invoker.invoke(ctx, task);
      }
    };
    WorkerEngine w = h.startWorker(config().retryDelay(RetryDelayFunction.fixed(Duration.ofMinutes(1))).build(), throwsForTheFirst);
    runAndShutDown(w);

    TaskInfo info = h.task(broken);
    assertThat(info.state()).isEqualTo(TaskState.RETRY);
    assertThat(info.attempts()).isEqualTo(1);
    assertThat(info.lastError()).isEqualTo("NoClassDefFoundError: com/example/Missing");
    assertThat(reported).singleElement().isInstanceOf(NoClassDefFoundError.class);
    assertThat(h.invoker.attemptsOf(fine.taskId())).singleElement();
    assertThat(h.task(fine)).isNull();
  }
}
