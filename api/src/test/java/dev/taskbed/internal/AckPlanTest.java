package dev.taskbed.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.CancelReason;
import dev.taskbed.NoHandlerException;
import dev.taskbed.RetryDelayFunction;
import dev.taskbed.RevokeTask;
import dev.taskbed.SkipRetry;
import dev.taskbed.Task;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.WorkerConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AckPlanTest {
  private static final long NOW = 1_000_000;
  private final Task task = Task.of("t", new byte[0]);
  private final WorkerConfig config = WorkerConfig.builder().retryDelay(RetryDelayFunction.fixed(Duration.ofSeconds(7))).build();

  private static TaskInfo info(int attempts, int maxRetry) {
    return TaskInfo.builder().id("id").queue("q").type("t").state(TaskState.ACTIVE).attempts(attempts).maxRetry(maxRetry)
        .claimSequence(attempts + 1).enqueuedAt(Instant.ofEpochMilli(NOW - 10_000)).timeout(Duration.ofSeconds(3)).build();
  }

  private AckPlan decide(TaskInfo info, Throwable error, CancelReason cancel, WorkerConfig cfg) {
    return AckPlan.decide(info, task, error, cancel, cfg, NOW, new SplittableRandom(1));
  }

  @Test
  void a_normal_return_completes() {
    assertThat(decide(info(0, 3), null, null, config)).isEqualTo(new AckPlan.Complete());
  }

  @Test
  void a_failure_with_retries_left_retries_after_the_backoff_and_counts_the_attempt() {
    assertThat(decide(info(2, 3), new IllegalStateException("boom"), null, config))
        .isEqualTo(new AckPlan.Retry(7_000, "IllegalStateException: boom", true));
  }

  @Test
  void the_failure_that_uses_the_last_retry_archives() {
    assertThat(decide(info(3, 3), new RuntimeException("x"), null, config))
        .isEqualTo(new AckPlan.Archive("RuntimeException: x", true));
    assertThat(decide(info(0, 0), new RuntimeException("x"), null, config)).isInstanceOf(AckPlan.Archive.class);
  }

  @Test
  void skip_retry_archives_at_once_even_when_wrapped() {
    assertThat(decide(info(0, 25), new RuntimeException("outer", new SkipRetry("bad input")), null, config))
        .isEqualTo(new AckPlan.Archive("SkipRetry: bad input", true));
  }

  @Test
  void revoke_drops_the_task() {
    assertThat(decide(info(0, 25), new RevokeTask("obsolete"), null, config)).isEqualTo(new AckPlan.Revoke());
  }

  @Test
  void an_error_the_failure_predicate_rejects_retries_without_counting() {
    WorkerConfig cfg = WorkerConfig.builder().retryDelay(RetryDelayFunction.fixed(Duration.ofSeconds(1)))
        .isFailure(e -> !(e instanceof IllegalArgumentException)).build();
    assertThat(decide(info(5, 5), new IllegalArgumentException("rate limited"), null, cfg))
        .isEqualTo(new AckPlan.Retry(1_000, "IllegalArgumentException: rate limited", false));
  }

  @Test
  void a_timeout_is_a_counted_failure_whatever_the_handler_returned() {
    AckPlan p = decide(info(0, 3), null, CancelReason.TIMEOUT, config);
    assertThat(p).isInstanceOf(AckPlan.Retry.class);
    assertThat(((AckPlan.Retry) p).countAttempt()).isTrue();
    assertThat(((AckPlan.Retry) p).error()).contains("timed out after PT3S");
    assertThat(decide(info(3, 3), new InterruptedException(), CancelReason.DEADLINE, config))
        .isEqualTo(new AckPlan.Archive("TimeoutException: deadline exceeded", true));
  }

  @Test
  void shutdown_requeues_an_interrupted_handler_but_completes_one_that_finished() {
    assertThat(decide(info(0, 3), new InterruptedException(), CancelReason.SHUTDOWN, config)).isEqualTo(new AckPlan.Requeue());
    assertThat(decide(info(0, 3), null, CancelReason.SHUTDOWN, config)).isEqualTo(new AckPlan.Complete());
  }

  @Test
  void an_unknown_type_is_archived_at_once_by_default() {
    assertThat(decide(info(0, 25), new NoHandlerException("sms:send"), null, config))
        .isEqualTo(new AckPlan.Archive("NoHandlerException: no handler for task type \"sms:send\"", true));
  }

  @Test
  void an_unknown_type_within_its_grace_is_retried_uncounted_no_later_than_the_grace_end() {
    WorkerConfig cfg = WorkerConfig.builder().unknownTypeGrace(Duration.ofSeconds(12))
        .retryDelay(RetryDelayFunction.fixed(Duration.ofSeconds(7))).build();
    // enqueued 10 s ago, grace 12 s: 2 s of grace left, shorter than the 7 s backoff
    assertThat(decide(info(0, 25), new NoHandlerException("x"), null, cfg))
        .isEqualTo(new AckPlan.Retry(2_000, "NoHandlerException: no handler for task type \"x\"", false));
    WorkerConfig expired = WorkerConfig.builder().unknownTypeGrace(Duration.ofSeconds(10)).build();
    assertThat(decide(info(0, 25), new NoHandlerException("x"), null, expired)).isInstanceOf(AckPlan.Archive.class);
  }

  @Test
  void long_error_messages_are_truncated() {
    String msg = "m".repeat(5_000);
    AckPlan.Retry p = (AckPlan.Retry) decide(info(0, 3), new RuntimeException(msg), null, config);
    assertThat(p.error()).hasSize(AckPlan.MAX_ERROR_LENGTH).endsWith("…");
  }
}
