package dev.taskbed.conformance.contracts;

import static dev.taskbed.conformance.assertions.TaskbedAssertions.assertThat;
import static dev.taskbed.conformance.assertions.TaskbedAssertions.assertThatQueue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.TaskState;
import dev.taskbed.conformance.TaskRequests;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.MaintenanceResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Contract point 1, no loss: an acknowledged enqueue stays visible, in exactly one state, until it
 * is acked; a worker that dies loses nothing.
 */
public interface NoLossContract extends BrokerContract {
  @Test
  default void an_enqueued_task_is_claimable_and_stays_visible_until_it_is_acked() {
    assertThat(enqueue(TaskRequests.task("a").payload("hello").header("h", "v"))).wasCreated(TaskState.PENDING);
    Lease lease = claimOne(Q);
    assertThat(lease.task()).isInState(TaskState.ACTIVE).hasClaimSequence(1).hasAttempts(0);
    assertThat(lease.task().payload()).containsExactly("hello".getBytes(StandardCharsets.UTF_8));
    assertThat(lease.task().headers()).containsEntry("h", "v");
    assertThatQueue(admin(), Q).hasCounts(0, 1, 0, 0, 0, 0).hasTaskIn("a", TaskState.ACTIVE);
    assertThat(broker().complete(lease.token())).isEqualTo(AckStatus.OK);
    assertThatQueue(admin(), Q).hasCounts(0, 0, 0, 0, 0, 0).hasNoTask("a");
  }

  @Test
  default void a_worker_that_dies_loses_nothing_because_its_expired_lease_is_recovered_and_the_task_claimed_again() {
    assumeVirtualTime();
    enqueue(TaskRequests.task("a").maxRetry(3));
    Lease first = assertThat(claim(1, 1_000, Q)).singleLease();
    advance(1_000);
    assertThat(broker().recoverExpiredLeases(Q, 10, 500)).isEqualTo(new MaintenanceResult(1, false));
    assertThat(task(Q, "a")).isInState(TaskState.RETRY).hasAttempts(1).isDueAt(now() + 500).hasLastError("lease expired");
    advance(500);
    Lease second = claimOne(Q);
    assertThat(second.token().claimSequence()).isEqualTo(first.token().claimSequence() + 1);
  }

  @Test
  default void a_batch_enqueue_answers_every_request_in_input_order() {
    enqueue(TaskRequests.task("b").payload("x"));
    List<EnqueueResult> results = broker().enqueueBatch(List.of(
        TaskRequests.task("a").build(), TaskRequests.task("b").payload("x").build(),
        TaskRequests.task("b").payload("other").build(), TaskRequests.task("c").queue(OTHER).delay(5).build()));
    assertThat(results).extracting(EnqueueResult::taskId).containsExactly("a", "b", "b", "c");
    assertThat(results).extracting(EnqueueResult::outcome)
        .containsExactly(EnqueueOutcome.CREATED, EnqueueOutcome.EXISTING, EnqueueOutcome.ID_CONFLICT, EnqueueOutcome.CREATED);
    assertThat(results.get(3)).wasCreated(TaskState.SCHEDULED);
  }

  @Test
  default void every_acknowledged_task_is_listed_and_counted_in_exactly_one_state() {
    enqueueAll(Q, "active", "archived", "retry", "requeued");
    enqueue(TaskRequests.task("completed").retention(60_000));
    enqueue(TaskRequests.task("scheduled").delay(60_000));
    List<Lease> leases = claim(5, LEASE, Q).leases();
    assertThat(leases).extracting(l -> l.token().taskId()).containsExactly("active", "archived", "retry", "requeued", "completed");
    broker().archive(leases.get(1).token(), "dead", true);
    broker().retry(leases.get(2).token(), 60_000, "again", true);
    broker().requeue(leases.get(3).token());
    broker().complete(leases.get(4).token());
    assertThatQueue(admin(), Q).hasCounts(1, 1, 1, 1, 1, 1)
        .lists(TaskState.PENDING, "requeued").lists(TaskState.ACTIVE, "active").lists(TaskState.SCHEDULED, "scheduled")
        .lists(TaskState.RETRY, "retry").lists(TaskState.ARCHIVED, "archived").lists(TaskState.COMPLETED, "completed");
  }
}
