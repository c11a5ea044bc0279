package dev.taskbed.conformance.contracts;

import static dev.taskbed.conformance.assertions.TaskbedAssertions.assertThat;
import static dev.taskbed.conformance.assertions.TaskbedAssertions.assertThatQueue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.QueueStats;
import dev.taskbed.TaskActiveException;
import dev.taskbed.TaskNotFoundException;
import dev.taskbed.TaskState;
import dev.taskbed.TaskStateException;
import dev.taskbed.conformance.TaskRequests;
import org.junit.jupiter.api.Test;

/**
 * Admin and inspection: the operations refuse active, missing and ineligible tasks with the
 * documented exceptions, and the views agree.
 */
public interface AdminContract extends BrokerContract {
  @Test
  default void delete_run_now_and_archive_refuse_an_active_task() {
    enqueueAll(Q, "a");
    claimOne(Q);
    assertThatThrownBy(() -> admin().delete(Q, "a")).isExactlyInstanceOf(TaskActiveException.class);
    assertThatThrownBy(() -> admin().runNow(Q, "a")).isExactlyInstanceOf(TaskActiveException.class);
    assertThatThrownBy(() -> admin().archive(Q, "a")).isExactlyInstanceOf(TaskActiveException.class);
    assertThat(task(Q, "a")).isInState(TaskState.ACTIVE);
  }

  @Test
  default void operations_on_a_missing_task_throw_task_not_found() {
    assertThatThrownBy(() -> admin().delete(Q, "x")).isExactlyInstanceOf(TaskNotFoundException.class);
    assertThatThrownBy(() -> admin().runNow(Q, "x")).isExactlyInstanceOf(TaskNotFoundException.class);
    assertThatThrownBy(() -> admin().archive("unknown", "x")).isExactlyInstanceOf(TaskNotFoundException.class);
    assertThat(admin().get(Q, "x")).isEmpty();
  }

  @Test
  default void run_now_refuses_pending_and_completed_tasks_and_moves_delayed_ones_to_the_pending_tail() {
    enqueueAll(Q, "p");
    enqueue(TaskRequests.task("s").delay(60_000));
    enqueue(TaskRequests.task("done").retention(60_000));
    enqueueAll(OTHER, "x");
    broker().complete(assertThat(claim(1, LEASE, OTHER)).singleLease().token());
    assertThatThrownBy(() -> admin().runNow(Q, "p")).isExactlyInstanceOf(TaskStateException.class);
    admin().runNow(Q, "s");
    assertThatQueue(admin(), Q).lists(TaskState.PENDING, "p", "done", "s").lists(TaskState.SCHEDULED);
    assertThat(task(Q, "s").nextProcessAt()).isNull();
  }

  @Test
  default void archive_refuses_archived_and_completed_tasks_and_archives_others_without_counting_an_attempt() {
    assumeVirtualTime();
    enqueue(TaskRequests.task("done").retention(60_000));
    broker().complete(claimOne(Q).token());
    enqueue(TaskRequests.task("s").delay(60_000));
    admin().archive(Q, "s");
    assertThat(task(Q, "s")).isInState(TaskState.ARCHIVED).hasAttempts(0).wasArchivedAt(now());
    assertThatThrownBy(() -> admin().archive(Q, "s")).isExactlyInstanceOf(TaskStateException.class);
    assertThatThrownBy(() -> admin().archive(Q, "done")).isExactlyInstanceOf(TaskStateException.class);
  }

  @Test
  default void the_stats_of_an_unknown_queue_are_zero_and_not_paused() {
    assertThat(admin().stats("unknown")).isEqualTo(new QueueStats("unknown", 0, 0, 0, 0, 0, 0, false));
  }

  @Test
  default void queues_are_every_queue_that_received_a_task_or_was_paused_sorted_by_name() {
    enqueueAll("zeta", "a");
    enqueueAll("alpha", "b");
    admin().pause("mid");
    enqueue(TaskRequests.task("b").queue("alpha").payload("conflict"));
    assertThat(admin().queues()).containsExactly("alpha", "mid", "zeta");
    assertThat(broker().queues()).containsExactly("alpha", "mid", "zeta");
  }

  @Test
  default void close_is_idempotent() {
    broker().close();
    broker().close();
  }
}
