package dev.taskbed.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualEnvironmentTest {
  @Test
  void events_run_in_time_then_scheduling_order_at_their_own_time() {
    VirtualEnvironment env = new VirtualEnvironment(1);
    long t0 = env.clock().millis();
    List<String> ran = new ArrayList<>();
    env.schedule(Duration.ofMillis(20), () -> ran.add("b@" + (env.clock().millis() - t0)));
    env.schedule(Duration.ofMillis(10), () -> ran.add("a@" + (env.clock().millis() - t0)));
    env.schedule(Duration.ofMillis(20), () -> ran.add("c@" + (env.clock().millis() - t0)));
    env.execute(() -> ran.add("now@" + (env.clock().millis() - t0)));
    env.advance(Duration.ofMillis(15));
    assertThat(ran).containsExactly("now@0", "a@10");
    assertThat(env.clock().millis() - t0).isEqualTo(15);
    env.advance(Duration.ofMillis(100));
    assertThat(ran).containsExactly("now@0", "a@10", "b@20", "c@20");
  }

  @Test
  void cancelled_events_do_not_run() {
    VirtualEnvironment env = new VirtualEnvironment(1);
    List<String> ran = new ArrayList<>();
    Cancellable c = env.schedule(Duration.ofMillis(5), () -> ran.add("x"));
    c.cancel();
    env.advance(Duration.ofSeconds(1));
    assertThat(ran).isEmpty();
    assertThat(env.nextEventAt()).isEqualTo(-1);
  }

  @Test
  void the_same_seed_gives_the_same_random_stream() {
    long[] a = new VirtualEnvironment(99).random().longs(5).toArray();
    long[] b = new VirtualEnvironment(99).random().longs(5).toArray();
    assertThat(a).isEqualTo(b);
    assertThat(new VirtualEnvironment(100).random().longs(5).toArray()).isNotEqualTo(a);
  }

  @Test
  void sub_millisecond_delays_round_up_so_nothing_runs_early() {
    VirtualEnvironment env = new VirtualEnvironment(1);
    long t0 = env.clock().millis();
    List<Long> at = new ArrayList<>();
    env.schedule(Duration.ofNanos(1), () -> at.add(env.clock().millis() - t0));
    env.runDue();
    assertThat(at).isEmpty();
    env.advance(Duration.ofMillis(1));
    assertThat(at).containsExactly(1L);
  }

  @Test
  void manual_clock_never_runs_backwards() {
    ManualClock clock = new ManualClock(1_000);
    clock.advance(Duration.ofMillis(5));
    assertThat(clock.millis()).isEqualTo(1_005);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> clock.setMillis(1_000))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
