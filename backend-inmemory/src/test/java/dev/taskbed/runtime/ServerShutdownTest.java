package dev.taskbed.runtime;

import static dev.taskbed.runtime.ScriptedInvoker.Step.runUntilCancelled;
import static dev.taskbed.runtime.ScriptedInvoker.Step.succeedAfter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.CancelReason;
import dev.taskbed.EnqueueResult;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskOptions;
import dev.taskbed.TaskState;
import dev.taskbed.internal.WorkerEngine;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ServerShutdownTest {
  private final Harness h = new Harness();

  @Test
  void shutdown_lets_running_handlers_finish_within_the_timeout() {
    h.invoker.on("t", succeedAfter(Duration.ofSeconds(2)));
    WorkerEngine w = h.startWorker(Harness.config().shutdownTimeout(Duration.ofSeconds(5)).build());
    EnqueueResult r = h.enqueue("t");
    h.run(Duration.ofMillis(10));
    CompletableFuture<Void> done = w.shutdownAsync().toCompletableFuture();
    h.enqueue("t");
    h.run(Duration.ofMillis(1_980)); // the handler started at 0 and takes 2 s
    assertThat(done).isNotDone();
    h.run(Duration.ofMillis(20));
    assertThat(done).isDone();
    assertThat(h.task(r)).isNull();
    assertThat(h.invoker.attempts).hasSize(1); // the task enqueued after shutdown began was not claimed
  }

  @Test
  void shutdown_cancels_handlers_still_running_after_the_timeout_and_requeues_their_tasks_at_the_head() {
    h.invoker.on("t", runUntilCancelled());
    WorkerEngine w = h.startWorker(Harness.config().concurrency(1).shutdownTimeout(Duration.ofSeconds(3)).build());
    EnqueueResult running = h.enqueue("t");
    h.run(Duration.ofMillis(10));
    EnqueueResult waiting = h.enqueue("t");
    CompletableFuture<Void> done = w.shutdownAsync().toCompletableFuture();
    h.run(Duration.ofMillis(3_100));
    assertThat(done).isDone();
    assertThat(h.invoker.attemptsOf(running.taskId()).get(0).ctx.cancelReason()).contains(CancelReason.SHUTDOWN);
    TaskInfo requeued = h.task(running);
    assertThat(requeued.state()).isEqualTo(TaskState.PENDING);
    assertThat(requeued.attempts()).isZero();
    assertThat(h.inspector.list("default", TaskState.PENDING).items()).extracting(TaskInfo::id)
        .containsExactly(running.taskId(), waiting.taskId());
  }

  @Test
  void stop_stops_claiming_but_running_tasks_finish_and_are_acked() {
    h.invoker.on("t", succeedAfter(Duration.ofSeconds(1)));
    WorkerEngine w = h.startWorker(Harness.config().build());
    EnqueueResult first = h.enqueue("t");
    h.run(Duration.ofMillis(10));
    w.stop();
    EnqueueResult second = h.enqueue("t");
    h.run(Duration.ofSeconds(5));
    assertThat(h.task(first)).isNull();
    assertThat(h.task(second).state()).isEqualTo(TaskState.PENDING);
  }

  @Test
  void shutdown_of_a_server_that_never_started_completes_at_once() {
    WorkerEngine w = new WorkerEngine(h.broker, Harness.config().build(), h.invoker, h.env, () -> {});
    assertThat(w.shutdownAsync().toCompletableFuture()).isDone();
  }

  /** A claim still in flight when the server stops: its leases are given back, not run. */
  @Nested
  class LeasesArrivingLate {
    private final FlakyBroker[] flaky = new FlakyBroker[1];
    private final Harness h = new Harness(b -> flaky[0] = new FlakyBroker(b));

    private void stopsWhileClaiming(Consumer<WorkerEngine> stop) {
      h.invoker.on("t", succeedAfter(Duration.ofMillis(10)));
      EnqueueResult r = h.enqueue("t", TaskOptions.builder().maxRetry(0));
      WorkerEngine w = new WorkerEngine(h.broker, Harness.config().build(), h.invoker, h.env, () -> {});
      flaky[0].whileClaiming = () -> {
        flaky[0].whileClaiming = null;
        stop.accept(w);
      };
      w.start();
      h.run(Duration.ofSeconds(5));

      assertThat(flaky[0].claims).hasSize(1);
      assertThat(h.invoker.attempts).as("nothing starts once the server stopped").isEmpty();
      TaskInfo info = h.task(r);
      assertThat(info.state()).isEqualTo(TaskState.PENDING);
      assertThat(info.attempts()).isZero();
      assertThat(info.claimSequence()).isEqualTo(1);
      assertThat(w.activeTasks()).isZero();
    }

    @Test
    void leases_arriving_after_shutdown_began_are_requeued_untouched_and_shutdown_completes() {
      CompletableFuture<?>[] done = new CompletableFuture<?>[1];
      stopsWhileClaiming(w -> done[0] = w.shutdownAsync().toCompletableFuture());
      assertThat(done[0]).isDone();
    }

    @Test
    void leases_arriving_after_a_crash_are_requeued_untouched() {
      stopsWhileClaiming(WorkerEngine::crash);
    }

    @Test
    void leases_arriving_after_stop_are_requeued_untouched() {
      stopsWhileClaiming(WorkerEngine::stop);
    }

    @Test
    void a_claim_whose_reply_was_lost_is_replayed_once_at_shutdown_so_its_leases_are_given_back() {
      h.invoker.on("t", succeedAfter(Duration.ofMillis(10)));
      EnqueueResult r = h.enqueue("t", TaskOptions.builder().maxRetry(0));
      flaky[0].loseNextClaimReplies = 1;
      WorkerEngine w = h.startWorker(Harness.config().build());
      h.env.runDue(); // claimed, reply lost; the resend waits for its back-off
      CompletableFuture<Void> done = w.shutdownAsync().toCompletableFuture();
      h.run(Duration.ofSeconds(5));

      assertThat(done).isDone();
      assertThat(flaky[0].claims).extracting(c -> c.replay()).containsExactly(false, true);
      assertThat(h.invoker.attempts).isEmpty();
      TaskInfo info = h.task(r);
      assertThat(info.state()).as("given back, not left to lease recovery").isEqualTo(TaskState.PENDING);
      assertThat(info.attempts()).isZero();
    }
  }
}
