package dev.taskbed.conformance.contracts;

import static dev.taskbed.conformance.assertions.TaskbedAssertions.assertThat;
import static dev.taskbed.conformance.assertions.TaskbedAssertions.assertThatQueue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.TaskState;
import dev.taskbed.conformance.TaskRequests;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.Lease;
import org.junit.jupiter.api.Test;

/**
 * Contract point 5, retries: attempts are counted, bounded by {@code maxRetry} and delayed;
 * requeue and uncounted retries keep the count.
 */
public interface RetriesContract extends BrokerContract {
  @Test
  default void a_task_whose_leases_keep_expiring_is_attempted_max_retry_plus_one_times_then_archived() {
    assumeVirtualTime();
    enqueue(TaskRequests.task("a").maxRetry(2));
    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThat(claim(1, 1_000, Q)).claimed("a");
      advance(1_000);
      broker().recoverExpiredLeases(Q, 10, 0);
      assertThat(task(Q, "a")).hasAttempts(attempt).isInState(attempt < 3 ? TaskState.RETRY : TaskState.ARCHIVED);
    }
    assertThat(task(Q, "a")).wasArchivedAt(now());
    assertThat(claim(Q)).claimedNothing();
  }

  @Test
  default void a_retried_task_is_not_due_before_its_delay() {
    assumeVirtualTime();
    enqueue(TaskRequests.task("a").maxRetry(5));
    broker().retry(claimOne(Q).token(), 2_000, "boom", true);
    assertThat(task(Q, "a")).isInState(TaskState.RETRY).isDueAt(now() + 2_000).hasAttempts(1).hasLastError("boom");
    advance(1_999);
    assertThat(claim(Q)).claimedNothing().reportsNextDueIn(1);
    advance(1);
    assertThat(claim(Q)).claimed("a");
  }

  @Test
  default void an_uncounted_retry_keeps_the_attempt_count_and_last_error() {
    enqueue(TaskRequests.task("a").maxRetry(1));
    broker().retry(claimOne(Q).token(), 0, null, false);
    assertThat(task(Q, "a")).hasAttempts(0).hasLastError(null).isInState(TaskState.RETRY);
  }

  @Test
  default void requeue_keeps_attempts_and_puts_the_task_at_the_head_of_its_queue() {
    enqueueAll(Q, "a", "b");
    Lease a = claimOne(Q);
    assertThat(broker().requeue(a.token())).isEqualTo(AckStatus.OK);
    assertThatQueue(admin(), Q).lists(TaskState.PENDING, "a", "b");
    assertThat(task(Q, "a")).hasAttempts(0).hasClaimSequence(1);
    assertThat(claim(1, LEASE, Q)).claimed("a");
  }

  @Test
  default void a_runtime_archive_counts_the_attempt_and_run_now_gives_the_task_a_fresh_start() {
    enqueue(TaskRequests.task("a").maxRetry(0));
    broker().archive(claimOne(Q).token(), "no handler", true);
    assertThat(task(Q, "a")).isInState(TaskState.ARCHIVED).hasAttempts(1).hasLastError("no handler");
    admin().runNow(Q, "a");
    assertThat(task(Q, "a")).isInState(TaskState.PENDING).hasAttempts(0);
  }
}
