package dev.taskbed.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.env.Cancellable;
import dev.taskbed.env.VirtualEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerProcessEnvironmentTest {
  private final VirtualEnvironment shared = new VirtualEnvironment(1);
  private final WorkerProcessEnvironment process = new WorkerProcessEnvironment(shared);
  private final List<String> ran = new ArrayList<>();

  private void at(long seconds, String name) {
    process.schedule(Duration.ofSeconds(seconds), () -> ran.add(name + "@" + shared.clock().millis() / 1000 % 100_000));
  }

  @Test
  void a_stalled_process_runs_nothing_until_it_wakes_then_runs_what_fell_due_in_order_and_late() {
    long t0 = shared.clock().millis() / 1000 % 100_000;
    at(1, "a");
    at(3, "b");
    at(5, "c");
    at(20, "d");
    shared.advance(Duration.ofSeconds(2));
    process.stall();
    shared.advance(Duration.ofSeconds(8)); // b and c fall due while stalled
    assertThat(ran).containsExactly("a@" + (t0 + 1));
    process.resume();
    shared.runDue();
    shared.advance(Duration.ofSeconds(15));
    assertThat(ran).containsExactly("a@" + (t0 + 1), "b@" + (t0 + 10), "c@" + (t0 + 10), "d@" + (t0 + 20));
  }

  @Test
  void a_killed_process_never_runs_again_not_even_what_it_held() {
    at(1, "a");
    at(3, "b");
    process.stall();
    shared.advance(Duration.ofSeconds(2));
    process.kill();
    process.resume();
    shared.advance(Duration.ofSeconds(5));
    process.execute(() -> ran.add("late"));
    shared.runDue();
    assertThat(ran).isEmpty();
  }

  @Test
  void cancelling_a_held_event_keeps_it_from_running_on_wake() {
    Cancellable timer = process.schedule(Duration.ofSeconds(1), () -> ran.add("cancelled"));
    process.stall();
    shared.advance(Duration.ofSeconds(2));
    timer.cancel();
    process.resume();
    shared.runDue();
    assertThat(ran).isEmpty();
  }
}
