package dev.taskbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {
  @Test
  void defaults_serve_the_default_queue() {
    WorkerConfig c = WorkerConfig.defaults();
    assertThat(c.queues()).containsExactly(Map.entry("default", 1));
    assertThat(c.leaseDuration()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(8));
    assertThat(c.concurrency()).isPositive();
  }

  @Test
  void concurrency_below_one_is_rejected() {
    assertThatThrownBy(() -> WorkerConfig.builder().concurrency(0))
        .isInstanceOf(InvalidOptionException.class).hasMessage("invalid concurrency 0: must be >= 1");
  }

  @Test
  void queue_weights_must_be_positive_and_names_valid() {
    assertThatThrownBy(() -> WorkerConfig.builder().queue("critical", 0))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("weight of queue critical");
    assertThatThrownBy(() -> WorkerConfig.builder().queue("{x}", 1)).hasMessageContaining("queue");
  }

  @Test
  void heartbeat_must_be_under_half_the_lease() {
    assertThatThrownBy(() -> WorkerConfig.builder().leaseDuration(Duration.ofSeconds(10))
            .heartbeatInterval(Duration.ofSeconds(5)).build())
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("heartbeatInterval");
    assertThat(WorkerConfig.builder().leaseDuration(Duration.ofSeconds(10)).heartbeatInterval(Duration.ofMillis(4999))
        .build().heartbeatInterval()).isEqualTo(Duration.ofMillis(4999));
  }

  @Test
  void default_retry_delay_follows_n4_plus_15_plus_rand30_times_n_plus_1() {
    RetryDelayFunction f = RetryDelayFunction.exponential();
    SplittableRandom random = new SplittableRandom(7);
    Task t = Task.of("t", new byte[0]);
    for (int i = 0; i < 1_000; i++) {
      int n = i % 26;
      long seconds = f.delay(n, new RuntimeException(), t, random).toSeconds();
      long base = (long) n * n * n * n + 15;
      assertThat(seconds).isBetween(base, base + 29L * (n + 1));
      assertThat((seconds - base) % (n + 1)).isZero();
    }
    assertThat(f.delay(0, null, t, new SplittableRandom(1)).toSeconds()).isBetween(15L, 44L);
  }
}
