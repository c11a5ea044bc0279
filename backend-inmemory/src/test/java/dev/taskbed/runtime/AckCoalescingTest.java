package dev.taskbed.runtime;

import static dev.taskbed.runtime.ScriptedInvoker.Step.succeedAfter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.EnqueueResult;
import dev.taskbed.TaskState;
import dev.taskbed.internal.WorkerEngine;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.ForwardingBroker;
import dev.taskbed.spi.LeaseToken;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AckCoalescingTest {
  private final List<Integer> completeAllSizes = new ArrayList<>();
  private final Harness h = new Harness(b -> new CountingBroker(b));

  /** Counts coalesced completion calls; everything else passes through. */
  private final class CountingBroker extends ForwardingBroker {
    CountingBroker(Broker target) {
      super(target);
    }

    @Override
    public List<AckStatus> completeAll(List<LeaseToken> tokens) {
      completeAllSizes.add(tokens.size());
      return super.completeAll(tokens);
    }
  }

  @Test
  void completions_finishing_together_are_sent_in_one_call() {
    h.invoker.on("t", succeedAfter(Duration.ofMillis(100)));
    h.startWorker(Harness.config().concurrency(50).build());
    for (int i = 0; i < 50; i++) {
      h.enqueue("t");
    }
    h.run(Duration.ofSeconds(1));
    assertThat(h.inspector.stats("default").unfinished()).isZero();
    assertThat(completeAllSizes).containsExactly(50);
  }

  @Test
  void with_a_zero_flush_delay_each_completion_is_sent_on_its_own() {
    h.invoker.on("t", succeedAfter(Duration.ofMillis(100)));
    h.startWorker(Harness.config().concurrency(10).ackFlushDelay(Duration.ZERO).build());
    for (int i = 0; i < 10; i++) {
      h.enqueue("t");
    }
    h.run(Duration.ofSeconds(1));
    assertThat(h.inspector.stats("default").unfinished()).isZero();
    assertThat(completeAllSizes).isEmpty();
  }

  @Test
  void when_no_handler_is_still_running_completions_are_sent_without_waiting() {
    // Nothing else can join the batch, so the flush delay would only idle the worker.
    h.invoker.on("t", succeedAfter(Duration.ofMillis(100)));
    h.startWorker(Harness.config().concurrency(2).ackFlushDelay(Duration.ofMillis(2)).build());
    h.enqueue("t");
    h.enqueue("t");
    h.run(Duration.ofMillis(100));
    assertThat(h.inspector.stats("default").unfinished()).isZero();
    assertThat(completeAllSizes).containsExactly(2);
  }

  @Test
  void a_slot_is_free_for_the_next_task_as_soon_as_its_handler_returns() {
    // The completion waits for the flush while the slot already runs the next task.
    h.invoker.on("long", succeedAfter(Duration.ofSeconds(1)));
    h.invoker.on("short", succeedAfter(Duration.ofMillis(10)));
    h.startWorker(Harness.config().concurrency(2).ackFlushDelay(Duration.ofMillis(2)).build());
    h.enqueue("long");
    h.enqueue("short");
    h.enqueue("short");
    h.run(Duration.ofMillis(30));
    List<Long> shortStarts = h.invoker.attempts.stream().filter(a -> a.type.equals("short"))
        .map(a -> a.startedAt - h.t0).toList();
    assertThat(shortStarts).containsExactly(0L, 10L);
  }

  @Test
  void a_crash_before_the_flush_only_makes_the_task_run_again() {
    h.invoker.on("t", succeedAfter(Duration.ofMillis(100)));
    h.invoker.on("long", succeedAfter(Duration.ofSeconds(10)));
    WorkerEngine first = h.startWorker(Harness.config().ackFlushDelay(Duration.ofMillis(2)).build());
    h.enqueue("long"); // still running, so the completion below waits for the flush
    EnqueueResult r = h.enqueue("t");
    h.run(Duration.ofMillis(101)); // the handler returned at 100; the flush is due at 102
    assertThat(h.invoker.attemptsOf(r.taskId())).singleElement().satisfies(a -> assertThat(a.endedHow).isEqualTo("returned"));
    first.crash();
    assertThat(h.task(r).state()).isEqualTo(TaskState.ACTIVE);
    assertThat(completeAllSizes).isEmpty();

    h.startWorker(Harness.config().build());
    h.run(Duration.ofSeconds(5));
    assertThat(h.invoker.attemptsOf(r.taskId())).hasSize(2);
    assertThat(h.task(r)).isNull();
  }
}
