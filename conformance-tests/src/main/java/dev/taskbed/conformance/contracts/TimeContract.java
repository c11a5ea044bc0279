package dev.taskbed.conformance.contracts;

import static dev.taskbed.conformance.assertions.TaskbedAssertions.assertThat;
import static dev.taskbed.conformance.assertions.TaskbedAssertions.assertThatQueue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.TaskState;
import dev.taskbed.conformance.TaskRequests;
import dev.taskbed.spi.MaintenanceResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Contract point 6, time: nothing is due before its time, to the millisecond, and the maintenance
 * calls move and recover tasks in due and expiry order within their limits.
 */
public interface TimeContract extends BrokerContract {
  @Test
  default void a_delayed_task_is_not_claimable_one_millisecond_before_it_is_due_and_is_when_due() {
    assumeVirtualTime();
    long enqueuedAt = now();
    assertThat(enqueue(TaskRequests.task("a").delay(5_000))).wasCreated(TaskState.SCHEDULED);
    assertThat(task(Q, "a")).isDueAt(enqueuedAt + 5_000).wasEnqueuedAt(enqueuedAt);
    advance(4_999);
    assertThat(claim(Q)).claimedNothing().reportsNextDueIn(1);
    assertThat(broker().forwardDue(Q, 10)).isEqualTo(MaintenanceResult.NONE);
    advance(1);
    assertThat(claim(Q)).claimed("a");
  }

  @Test
  default void process_at_is_an_absolute_earliest_time_combined_with_the_delay_by_max() {
    assumeVirtualTime();
    assertThat(enqueue(TaskRequests.task("past").processAt(now() - 1_000))).wasCreated(TaskState.PENDING);
    assertThat(enqueue(TaskRequests.task("now").processAt(now()))).wasCreated(TaskState.PENDING);
    enqueue(TaskRequests.task("later").processAt(now() + 3_000).delay(1_000));
    enqueue(TaskRequests.task("delayed").processAt(now() + 1_000).delay(3_000));
    assertThat(task(Q, "later")).isDueAt(now() + 3_000);
    assertThat(task(Q, "delayed")).isDueAt(now() + 3_000);
  }

  @Test
  default void millis_until_next_due_is_the_wait_for_the_earliest_delayed_task_of_the_unpaused_queues_asked() {
    assumeVirtualTime();
    assertThat(claim(Q)).reportsNextDueIn(-1);
    enqueue(TaskRequests.task("soon").queue(OTHER).delay(300));
    enqueue(TaskRequests.task("later").delay(700));
    assertThat(claim(Q)).reportsNextDueIn(700);
    assertThat(claim(Q, OTHER, "unknown")).reportsNextDueIn(300);
    admin().pause(OTHER);
    assertThat(claim(Q, OTHER)).reportsNextDueIn(700);
    advance(800);
    assertThat(claim(1, LEASE, Q)).claimed("later").reportsNextDueIn(-1);
    admin().unpause(OTHER);
    assertThat(claim(1, LEASE, Q, OTHER)).claimed("soon");
    enqueue(TaskRequests.task("x").delay(1));
    enqueue(TaskRequests.task("y").delay(1));
    advance(1);
    assertThat(claim(1, LEASE, Q)).claimed("x").reportsNextDueIn(0);
  }

  @Test
  default void forward_due_moves_due_tasks_in_due_order_to_the_pending_tail_within_its_limit() {
    assumeVirtualTime();
    enqueueAll(Q, "p");
    enqueue(TaskRequests.task("b").delay(200));
    enqueue(TaskRequests.task("a").delay(100));
    enqueue(TaskRequests.task("c").delay(300));
    enqueue(TaskRequests.task("d").delay(10_000));
    advance(300);
    assertThat(broker().forwardDue(Q, 2)).isEqualTo(new MaintenanceResult(2, true));
    assertThat(broker().forwardDue(Q, 2)).isEqualTo(new MaintenanceResult(1, false));
    assertThatQueue(admin(), Q).lists(TaskState.PENDING, "p", "a", "b", "c").lists(TaskState.SCHEDULED, "d");
    assertThat(broker().forwardDue("unknown", 10)).isEqualTo(MaintenanceResult.NONE);
  }

  @Test
  default void recover_expired_leases_recovers_in_expiry_order_within_its_limit_and_only_expired_ones() {
    assumeVirtualTime();
    for (String id : List.of("a", "b", "c")) {
      enqueue(TaskRequests.task(id).maxRetry(1));
    }
    claim(1, 2_000, Q);
    claim(1, 1_000, Q);
    claim(1, 5_000, Q);
    advance(2_000);
    assertThat(broker().recoverExpiredLeases(Q, 1, 0)).isEqualTo(new MaintenanceResult(1, true));
    assertThatQueue(admin(), Q).lists(TaskState.RETRY, "b").lists(TaskState.ACTIVE, "a", "c");
    assertThat(broker().recoverExpiredLeases(Q, 10, 0)).isEqualTo(new MaintenanceResult(1, false));
    assertThatQueue(admin(), Q).lists(TaskState.ACTIVE, "c");
  }
}
