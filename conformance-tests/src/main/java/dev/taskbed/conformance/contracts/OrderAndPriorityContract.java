package dev.taskbed.conformance.contracts;

import static dev.taskbed.conformance.assertions.TaskbedAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.Page;
import dev.taskbed.TaskState;
import dev.taskbed.conformance.TaskRequests;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Contract point 7, order and priority: first in, first out within a queue, queues filled in the
 * order the claim names them, listings in their total orders.
 */
public interface OrderAndPriorityContract extends BrokerContract {
  @Test
  default void tasks_enqueued_without_delay_are_claimed_first_in_first_out() {
    enqueueAll(Q, "a", "b", "c");
    broker().enqueueBatch(List.of(TaskRequests.task("d").build(), TaskRequests.task("e").build()));
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      order.add(claimOne(Q).token().taskId());
    }
    assertThat(order).containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  default void a_claim_fills_from_each_queue_in_the_given_order_before_the_next() {
    enqueueAll(Q, "q1", "q2");
    enqueueAll(OTHER, "o1", "o2");
    assertThat(claim(3, LEASE, OTHER, "unknown", Q)).claimed("o1", "o2", "q1");
    assertThat(claim(3, LEASE, Q, OTHER)).claimed("q2");
  }

  @Test
  default void a_claim_takes_the_pending_head_first_then_due_delayed_tasks_in_due_order() {
    assumeVirtualTime();
    enqueue(TaskRequests.task("retry-later").maxRetry(3));
    broker().retry(claimOne(Q).token(), 50, "x", true);
    enqueue(TaskRequests.task("scheduled").delay(20));
    enqueue(TaskRequests.task("scheduled-too").delay(50));
    enqueueAll(Q, "pending");
    advance(100);
    assertThat(claim(10, LEASE, Q)).claimed("pending", "scheduled", "retry-later", "scheduled-too");
  }

  @Test
  default void listings_follow_their_total_orders_and_page_with_has_more() {
    assumeVirtualTime();
    enqueue(TaskRequests.task("s2").delay(2_000));
    enqueue(TaskRequests.task("s1").delay(1_000));
    enqueue(TaskRequests.task("s3").delay(1_000));
    assertThat(admin().list(Q, TaskState.SCHEDULED, 0, 2)).isEqualTo(new Page<>(List.of(task(Q, "s1"), task(Q, "s3")), true));
    assertThat(admin().list(Q, TaskState.SCHEDULED, 2, 2)).isEqualTo(new Page<>(List.of(task(Q, "s2")), false));
    assertThat(admin().list(Q, TaskState.SCHEDULED, 3, 2)).isEqualTo(new Page<>(List.of(), false));
    assertThat(admin().list("unknown", TaskState.PENDING, 0, 5)).isEqualTo(new Page<>(List.of(), false));
  }
}
