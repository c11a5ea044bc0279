package dev.taskbed.runtime;

import static dev.taskbed.runtime.ScriptedInvoker.Step.ignoreCancellationFor;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ServerLeaseTest {

  @Nested
  class Heartbeats {
    private final Harness h = new Harness();

    @Test
    void keep_a_task_that_runs_far_longer_than_its_lease_from_being_recovered() {
      h.invoker.on("long", succeedAfter(Duration.ofSeconds(20)));
      h.startWorker(Harness.config().build()); // lease 2 s, heartbeat 0.5 s, recovery every 0.5 s
      EnqueueResult r = h.enqueue("long");
      h.run(Duration.ofSeconds(25));
      List<ScriptedInvoker.Attempt> runs = h.invoker.attemptsOf(r.taskId());
      assertThat(runs).singleElement().satisfies(a -> {
        assertThat(a.endedHow).isEqualTo("returned");
        assertThat(a.ctx.isCancelled()).isFalse();
      });
      assertThat(h.task(r)).isNull();
    }
  }

  @Nested
  class Fencing {
    private final FlakyBroker[] flaky = new FlakyBroker[1];
    private final Harness h = new Harness(b -> flaky[0] = new FlakyBroker(b));

    @Test
    void a_partitioned_worker_cancels_its_handler_before_the_lease_expires_and_discards_the_result() {
      h.invoker.on("job", (ctx, n) -> n == 1 ? ignoreCancellationFor(Duration.ofSeconds(5)) : succeedAfter(Duration.ZERO));
      WorkerEngine zombie = h.startWorker(Harness.config().cancelGrace(Duration.ofSeconds(10)).build());
      EnqueueResult r = h.enqueue("job");
      h.run(Duration.ofMillis(100));
      assertThat(h.invoker.attemptsOf(r.taskId())).hasSize(1);
      long claimedAt = h.env.clock().millis() - 100;

      flaky[0].partitioned = true; // the zombie can no longer renew, ack or claim
      h.run(Duration.ofMillis(1_900));
      ScriptedInvoker.Attempt first = h.invoker.attemptsOf(r.taskId()).get(0);
      // cancelled at (last confirmed send) + lease - margin, strictly before the broker's lease expiry
      assertThat(first.ctx.cancelReason()).contains(CancelReason.LEASE_LOST);
      assertThat(h.task(r).state()).isEqualTo(TaskState.ACTIVE);
      assertThat(h.task(r).leaseExpiresAt()).isAfter(Instant.ofEpochMilli(claimedAt + 1_500));

      // the handler returns normally later; its result must not be acked
      h.run(Duration.ofSeconds(4));
      assertThat(first.endedHow).isEqualTo("returned");
      assertThat(zombie.activeTasks()).isZero();
      TaskInfo stranded = h.task(r);
      assertThat(stranded.state()).isEqualTo(TaskState.ACTIVE);
      assertThat(stranded.claimSequence()).isEqualTo(1);
      assertThat(stranded.leaseExpiresAt()).isBefore(h.env.clock().instant());

      // once the partition heals the expired lease is recovered and the task runs again
      flaky[0].partitioned = false;
      h.run(Duration.ofSeconds(3));
      List<ScriptedInvoker.Attempt> runs = h.invoker.attemptsOf(r.taskId());
      assertThat(runs).hasSize(2);
      assertThat(runs.get(1).claimSequence).isEqualTo(2);
      assertThat(runs.get(1).ctx.retryCount()).isEqualTo(1); // the recovery counted an attempt
      assertThat(h.task(r)).isNull();
    }

    @Test
    void a_task_whose_worker_crashed_is_recovered_and_completed_by_another_worker_within_the_bound() {
      h.invoker.on("job", (ctx, n) -> n == 1 ? runUntilCancelled() : succeedAfter(Duration.ofMillis(10)));
      WorkerEngine first = h.startWorker(Harness.config().build());
      EnqueueResult r = h.enqueue("job");
      h.run(Duration.ofMillis(50));
      first.crash();
      long crashedAt = h.env.clock().millis();
      h.startWorker(Harness.config().build());
      h.run(Duration.ofSeconds(10));
      List<ScriptedInvoker.Attempt> runs = h.invoker.attemptsOf(r.taskId());
      assertThat(runs).hasSize(2);
      assertThat(runs.get(1).claimSequence).isEqualTo(2);
      // lease 2 s + recover interval 0.5 s + recovery delay 0.1 s
      assertThat(runs.get(1).startedAt - crashedAt).isLessThanOrEqualTo(2_000 + 500 + 100);
      assertThat(h.task(r)).isNull();
    }
  }

  @Nested
  class Timeouts {
    private final Harness h = new Harness();

    @Test
    void a_handler_past_its_timeout_is_cancelled_and_the_attempt_counts_as_a_failure() {
      h.invoker.on("slow", (ctx, n) -> n == 1 ? runUntilCancelled() : succeedAfter(Duration.ZERO));
      h.startWorker(Harness.config().retryDelay(dev.taskbed.RetryDelayFunction.fixed(Duration.ofSeconds(30))).build());
      EnqueueResult r = h.enqueue("slow", TaskOptions.builder().timeout(Duration.ofMillis(1_500)));
      h.run(Duration.ofSeconds(2));
      ScriptedInvoker.Attempt first = h.invoker.attemptsOf(r.taskId()).get(0);
      assertThat(first.ctx.cancelReason()).contains(CancelReason.TIMEOUT);
      assertThat(first.endedAt - first.startedAt).isEqualTo(1_500);
      TaskInfo info = h.task(r);
      assertThat(info.state()).isEqualTo(TaskState.RETRY);
      assertThat(info.attempts()).isEqualTo(1);
      assertThat(info.lastError()).isEqualTo("TimeoutException: attempt timed out after PT1.5S");
    }

    @Test
    void a_handler_past_the_task_deadline_is_cancelled_for_the_deadline() {
      h.invoker.on("slow", runUntilCancelled());
      h.startWorker(Harness.config().build());
      Instant deadline = h.env.clock().instant().plusMillis(700);
      EnqueueResult r = h.enqueue("slow", TaskOptions.builder().timeout(Duration.ofSeconds(60)).deadline(deadline));
      h.run(Duration.ofSeconds(1));
      ScriptedInvoker.Attempt first = h.invoker.attemptsOf(r.taskId()).get(0);
      assertThat(first.ctx.cancelReason()).contains(CancelReason.DEADLINE);
      assertThat(first.ctx.deadline()).isEqualTo(deadline);
      assertThat(h.task(r).lastError()).isEqualTo("TimeoutException: deadline exceeded");
    }

    @Test
    void a_handler_ignoring_cancellation_keeps_its_lease_during_the_grace_then_is_left_to_recovery() {
      h.invoker.on("stubborn", (ctx, n) -> n == 1 ? ignoreCancellationFor(Duration.ofSeconds(60)) : succeedAfter(Duration.ZERO));
      WorkerEngine w = h.startWorker(Harness.config().cancelGrace(Duration.ofSeconds(3)).build());
      EnqueueResult r = h.enqueue("stubborn", TaskOptions.builder().timeout(Duration.ofSeconds(1)));
      h.run(Duration.ofMillis(3_900)); // timeout at 1 s, grace until 4 s: lease still renewed
      assertThat(h.task(r).state()).isEqualTo(TaskState.ACTIVE);
      assertThat(h.task(r).claimSequence()).isEqualTo(1);
      assertThat(w.activeTasks()).isEqualTo(1);
      h.run(Duration.ofMillis(200)); // grace over: slot released, no more renewals
      assertThat(w.activeTasks()).isZero();
      h.run(Duration.ofSeconds(5)); // lease runs out, the task is recovered and runs again
      List<ScriptedInvoker.Attempt> runs = h.invoker.attemptsOf(r.taskId());
      assertThat(runs).hasSize(2);
      assertThat(runs.get(1).startedAt - runs.get(0).startedAt).isGreaterThanOrEqualTo(4_000 + 1_000);
      assertThat(h.task(r)).isNull();
    }

    @Test
    void a_handler_left_running_after_its_grace_still_counts_against_the_concurrency() {
      h.invoker.on("stubborn", (ctx, n) -> n == 1 ? ignoreCancellationFor(Duration.ofSeconds(30)) : succeedAfter(Duration.ZERO));
      h.invoker.on("quick", succeedAfter(Duration.ofMillis(500)));
      WorkerEngine w = h.startWorker(Harness.config().concurrency(2).cancelGrace(Duration.ofSeconds(1)).build());
      h.enqueue("stubborn", TaskOptions.builder().timeout(Duration.ofSeconds(1)));
      List<EnqueueResult> quick = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        quick.add(h.enqueue("quick"));
      }
      h.run(Duration.ofSeconds(3)); // timeout at 1 s, grace until 2 s: given up, but still running
      assertThat(w.activeTasks()).isEqualTo(1); // the other slot's quick task
      assertThat(w.stuckHandlers()).isEqualTo(1);

      h.run(Duration.ofSeconds(10));
      // with a pool of two threads, a third handler would have waited for the stuck one's thread
      assertThat(h.invoker.maxRunning).isEqualTo(2);
      assertThat(quick).allSatisfy(r -> assertThat(h.task(r)).isNull());
      h.run(Duration.ofSeconds(20)); // the stubborn handler returns at last
      assertThat(w.stuckHandlers()).isZero();
    }

    @Test
    void a_handler_that_gets_a_thread_only_after_its_timeout_starts_interrupted_and_the_attempt_times_out() {
      List<String> seen = new CopyOnWriteArrayList<>();
      Executor late = command -> h.env.schedule(Duration.ofMillis(1_500), command); // timeout 1 s, grace 1 s
      WorkerEngine w = WorkerEngine.forHandler(h.broker, Harness.config().executor(late).build(),
          (ctx, task) -> seen.add(ctx.claimSequence() + " " + ctx.cancelReason().orElse(null) + " interrupted="
              + Thread.currentThread().isInterrupted()), h.env);
      w.start();
      EnqueueResult r = h.enqueue("t", TaskOptions.builder().timeout(Duration.ofSeconds(1)));
      h.run(Duration.ofSeconds(2));

      assertThat(seen).containsExactly("1 TIMEOUT interrupted=true");
      assertThat(Thread.currentThread().isInterrupted()).as("the interrupt does not leak").isFalse();
      assertThat(h.task(r).state()).isEqualTo(TaskState.RETRY);
      assertThat(h.task(r).lastError()).contains("timed out");
    }

    @Test
    void a_handler_still_queued_in_the_executor_when_its_task_is_given_up_never_starts() {
      List<Long> ranUnderClaim = new CopyOnWriteArrayList<>();
      AtomicInteger submitted = new AtomicInteger();
      // A busy executor of the application's: the first handler waits 5 s for a thread.
      Executor busy = command -> h.env.schedule(
          submitted.getAndIncrement() == 0 ? Duration.ofSeconds(5) : Duration.ZERO, command);
      WorkerEngine w = WorkerEngine.forHandler(h.broker, Harness.config().executor(busy).build(),
          (ctx, task) -> ranUnderClaim.add(ctx.claimSequence()), h.env);
      w.start();
      EnqueueResult r = h.enqueue("t", TaskOptions.builder().timeout(Duration.ofSeconds(1)));
      h.run(Duration.ofSeconds(10)); // timed out at 1 s, given up at 2 s, recovered and run again

      assertThat(ranUnderClaim).as("the first claim's handler, queued past its lease, was never started").containsExactly(2L);
      assertThat(h.task(r)).isNull();
      assertThat(w.stuckHandlers()).isZero();
    }
  }
}
