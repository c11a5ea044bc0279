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
 * Contract point 4, idempotence: an enqueue of an existing id and a repeated ack are answered, not
 * applied twice, also after the task finished (from its tombstone) and until the idempotency
 * window ends.
 */
public interface IdempotenceContract extends BrokerContract {
  @Test
  default void enqueueing_an_existing_id_with_the_same_content_returns_the_existing_task() {
    enqueue(TaskRequests.task("a").payload("p"));
    claimOne(Q);
    assertThat(enqueue(TaskRequests.task("a").payload("p"))).wasExisting(TaskState.ACTIVE);
    assertThatQueue(admin(), Q).hasCounts(0, 1, 0, 0, 0, 0);
  }

  @Test
  default void enqueueing_an_existing_id_with_other_content_is_an_id_conflict() {
    enqueue(TaskRequests.task("a").payload("p"));
    assertThat(enqueue(TaskRequests.task("a").payload("q"))).wasIdConflict();
    assertThat(task(Q, "a").payload()).containsExactly('p');
  }

  @Test
  default void a_repeated_ack_is_already_applied_and_the_first_calls_arguments_stand() {
    assumeVirtualTime();
    enqueue(TaskRequests.task("a").maxRetry(5));
    Lease l = claimOne(Q);
    assertThat(broker().retry(l.token(), 1_000, "first", true)).isEqualTo(AckStatus.OK);
    advance(5);
    assertThat(broker().retry(l.token(), 9_000, "second", false)).isEqualTo(AckStatus.ALREADY_APPLIED);
    assertThat(task(Q, "a")).isInState(TaskState.RETRY).isDueAt(now() - 5 + 1_000).hasAttempts(1).hasLastError("first");
    assertThat(broker().archive(l.token(), "other kind", true)).isEqualTo(AckStatus.LEASE_LOST);
  }

  @Test
  default void a_finished_task_answers_late_enqueue_retries_and_repeated_acks_from_its_tombstone() {
    enqueue(TaskRequests.task("a").payload("p"));
    Lease l = claimOne(Q);
    assertThat(broker().complete(l.token())).isEqualTo(AckStatus.OK);
    assertThat(admin().get(Q, "a")).isEmpty();
    assertThat(enqueue(TaskRequests.task("a").payload("p"))).wasExisting(null);
    assertThat(enqueue(TaskRequests.task("a").payload("changed"))).wasIdConflict();
    assertThat(broker().complete(l.token())).isEqualTo(AckStatus.ALREADY_APPLIED);
    assertThat(broker().revoke(l.token())).isEqualTo(AckStatus.LEASE_LOST);
    assertThat(claim(Q)).claimedNothing();
  }

  @Test
  default void a_tombstone_expires_after_the_idempotency_window_and_the_id_can_be_used_again() {
    assumeVirtualTime();
    enqueue(TaskRequests.task("a").nonce(1));
    Lease old = claimOne(Q);
    broker().complete(old.token());
    advance(TEST_POLICY.idempotencyWindow().toMillis() - 1);
    assertThat(enqueue(TaskRequests.task("a").nonce(2))).wasExisting(null);
    advance(1);
    assertThat(broker().complete(old.token())).isEqualTo(AckStatus.LEASE_LOST);
    assertThat(enqueue(TaskRequests.task("a").nonce(2))).wasCreated(TaskState.PENDING);
    Lease fresh = claimOne(Q);
    assertThat(fresh.token().claimSequence()).isEqualTo(1);
    assertThat(broker().complete(old.token())).as("the old incarnation's token").isEqualTo(AckStatus.LEASE_LOST);
  }

  @Test
  default void an_admin_delete_leaves_a_tombstone_but_get_shows_nothing() {
    enqueue(TaskRequests.task("a").payload("p"));
    admin().delete(Q, "a");
    assertThat(admin().get(Q, "a")).isEmpty();
    assertThat(enqueue(TaskRequests.task("a").payload("p"))).wasExisting(null);
  }
}
