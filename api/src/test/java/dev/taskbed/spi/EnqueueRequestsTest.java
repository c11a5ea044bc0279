package dev.taskbed.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EnqueueRequestsTest {
  private final Task task = Task.builder("email:send").payload("{\"to\":\"a\"}").header("trace", "1").build();

  @Test
  void generated_ids_are_16_url_safe_characters() {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 100; i++) {
      assertThat(EnqueueRequests.newTaskId(random)).hasSize(16).matches("[A-Za-z0-9_-]{16}");
    }
  }

  @Test
  void identical_requests_hash_the_same_even_with_a_delay() {
    TaskOptions opts = TaskOptions.builder().taskId("t1").processIn(Duration.ofSeconds(30)).build();
    EnqueueRequest a = EnqueueRequests.build(task, opts, new SplittableRandom(1));
    EnqueueRequest b = EnqueueRequests.build(task, opts, new SplittableRandom(2));
    assertThat(a.contentHash()).isEqualTo(b.contentHash()).hasSize(32);
    assertThat(a.nonce()).isNotEqualTo(b.nonce());
    assertThat(a.delayMillis()).isEqualTo(30_000);
  }

  @Test
  void any_content_difference_changes_the_hash() {
    TaskOptions base = TaskOptions.builder().taskId("t1").build();
    String h = EnqueueRequests.build(task, base, new SplittableRandom(1)).contentHash();
    assertThat(hash(task, base.toBuilder().maxRetry(3).build())).isNotEqualTo(h);
    assertThat(hash(task, base.toBuilder().queue("critical").build())).isNotEqualTo(h);
    assertThat(hash(task, base.toBuilder().processIn(Duration.ofMillis(1)).build())).isNotEqualTo(h);
    assertThat(hash(task, base.toBuilder().retention(Duration.ofHours(1)).build())).isNotEqualTo(h);
    assertThat(hash(Task.builder("email:send").payload("{\"to\":\"b\"}").header("trace", "1").build(), base)).isNotEqualTo(h);
    assertThat(hash(Task.builder("email:send").payload("{\"to\":\"a\"}").header("trace", "2").build(), base)).isNotEqualTo(h);
    assertThat(hash(task, base)).isEqualTo(h);
  }

  @Test
  void the_unique_key_depends_only_on_type_and_payload() {
    TaskOptions u = TaskOptions.builder().uniqueFor(Duration.ofMinutes(1)).build();
    EnqueueRequest a = EnqueueRequests.build(task, u, new SplittableRandom(1));
    EnqueueRequest b = EnqueueRequests.build(task, u.toBuilder().maxRetry(1).build(), new SplittableRandom(2));
    assertThat(a.uniqueKey()).isEqualTo(b.uniqueKey()).hasSize(32);
    assertThat(a.uniqueForMillis()).isEqualTo(60_000);
    assertThat(EnqueueRequests.build(task, TaskOptions.defaults(), new SplittableRandom(1)).uniqueKey()).isNull();
  }

  private static String hash(Task t, TaskOptions o) {
    return EnqueueRequests.build(t, o, new SplittableRandom(9)).contentHash();
  }
}
