package dev.taskbed.conformance.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.conformance.TaskRequests;
import dev.taskbed.env.ManualClock;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.BrokerPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hint contract as the sequence runner judges it: which changes owe a hint, and the lock probe. */
class HintWatchTest {
  private final ManualClock clock = new ManualClock();
  private final InMemoryBroker broker = new InMemoryBroker(clock, BrokerPolicy.defaults());

  private StateSnapshot view() {
    return StateSnapshot.take(broker, List.of("q"));
  }

  @Test
  void a_hint_is_owed_when_a_queue_pending_list_stops_being_empty() {
    StateSnapshot before = view();
    broker.enqueue(TaskRequests.task("a").queue("q").build());
    assertThat(HintWatch.owed(before, view())).containsExactly("q");
  }

  @Test
  void no_hint_is_owed_for_a_task_queued_behind_pending_work() {
    broker.enqueue(TaskRequests.task("a").queue("q").build());
    StateSnapshot before = view();
    broker.enqueue(TaskRequests.task("b").queue("q").build());
    assertThat(HintWatch.owed(before, view())).isEmpty();
  }

  @Test
  void a_hint_is_owed_when_the_next_due_time_moves_earlier_and_not_when_it_moves_later() {
    broker.enqueue(TaskRequests.task("late").queue("q").delay(10_000).build());
    StateSnapshot before = view();
    broker.enqueue(TaskRequests.task("later").queue("q").delay(20_000).build());
    StateSnapshot middle = view();
    broker.enqueue(TaskRequests.task("sooner").queue("q").delay(5_000).build());
    assertThat(HintWatch.owed(before, middle)).isEmpty();
    assertThat(HintWatch.owed(middle, view())).containsExactly("q");
  }

  @Test
  void a_broker_that_signals_after_releasing_its_lock_passes_the_lock_probe() {
    try (HintWatch watch = new HintWatch(broker, List.of("q"))) {
      StateSnapshot before = view();
      var counts = watch.counts();
      broker.enqueue(TaskRequests.task("a").queue("q").build());
      assertThat(watch.check(counts, before, view(), "enqueue a")).isNull();
      assertThat(watch.counts().get("q")).isEqualTo(1L);
    }
  }

  @Test
  void a_listener_called_with_the_broker_lock_held_is_reported() {
    try (HintWatch watch = new HintWatch(broker, List.of("q"))) {
      synchronized (broker) { // what a broker that signals inside its critical section does
        broker.enqueue(TaskRequests.task("a").queue("q").build());
      }
      assertThat(watch.lockProblem()).contains("lock held");
    }
  }

  @Test
  void a_missing_hint_is_reported_once_the_listener_has_been_called() {
    try (HintWatch watch = new HintWatch(broker, List.of("q"))) {
      broker.enqueue(TaskRequests.task("a").queue("q").build());
      var claimed = broker.claim(new dev.taskbed.spi.ClaimRequest("c", List.of("q"), 1, 1_000));
      StateSnapshot before = view();
      var counts = watch.counts();
      assertThat(claimed.leases()).hasSize(1);
      broker.requeue(claimed.leases().get(0).token());
      StateSnapshot after = view();
      assertThat(watch.check(counts, before, after, "requeue a")).isNull();
      // Judged against the counts after the requeue's hint, the same change finds none: reported.
      assertThat(watch.check(watch.counts(), before, after, "a step whose hint never came")).contains("no work hint for q");
    }
  }
}
