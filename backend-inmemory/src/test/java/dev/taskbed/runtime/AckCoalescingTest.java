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
  void a_crash_before_the_flush_only_makes_the_task_run_again() {
    h.invoker.on("t", succeedAfter(Duration.ofMillis(100)));
    WorkerEngine first = h.startWorker(Harness.config().ackFlushDelay(Duration.ofMillis(2)).build());
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
