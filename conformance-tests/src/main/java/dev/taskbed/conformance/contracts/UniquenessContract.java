package dev.taskbed.conformance.contracts;

import static dev.taskbed.conformance.assertions.TaskbedAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.TaskState;
import dev.taskbed.conformance.TaskRequests;
import dev.taskbed.spi.Lease;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Contract point 8b, uniqueness: an identical task under another id is a duplicate while its lock
 * is held, and only completion, revoke and delete release the lock.
 */
public interface UniquenessContract extends BrokerContract {
  @Test
  default void an_identical_task_under_another_id_is_a_duplicate_while_the_lock_is_held() {
    assumeVirtualTime();
    enqueue(TaskRequests.task("a").payload("same").uniqueFor(1_000));
    assertThat(enqueue(TaskRequests.task("b").payload("same").uniqueFor(1_000))).wasDuplicate();
    assertThat(enqueue(TaskRequests.task("c").payload("other").uniqueFor(1_000))).wasCreated(TaskState.PENDING);
    assertThat(enqueue(TaskRequests.task("d").queue(OTHER).payload("same").uniqueFor(1_000))).wasCreated(TaskState.PENDING);
    assertThat(enqueue(TaskRequests.task("a").payload("same").uniqueFor(1_000))).wasExisting(TaskState.PENDING);
    advance(999);
    assertThat(enqueue(TaskRequests.task("b").payload("same").uniqueFor(1_000))).wasDuplicate();
    advance(1);
    assertThat(enqueue(TaskRequests.task("b").payload("same").uniqueFor(1_000))).wasCreated(TaskState.PENDING);
  }

  @Test
  default void the_lock_of_a_delayed_task_lasts_until_its_due_time_plus_unique_for() {
    assumeVirtualTime();
    enqueue(TaskRequests.task("a").payload("same").delay(5_000).uniqueFor(1_000));
    advance(5_999);
    assertThat(enqueue(TaskRequests.task("b").payload("same").uniqueFor(1_000))).wasDuplicate();
    advance(1);
    assertThat(enqueue(TaskRequests.task("b").payload("same").uniqueFor(1_000))).wasCreated(TaskState.PENDING);
  }

  @Test
  default void completion_revoke_and_delete_release_the_lock_retry_and_archive_do_not() {
    enqueue(TaskRequests.task("a").payload("1").uniqueFor(60_000).maxRetry(3));
    enqueue(TaskRequests.task("b").payload("2").uniqueFor(60_000));
    enqueue(TaskRequests.task("c").payload("3").uniqueFor(60_000));
    List<Lease> leases = claim(3, LEASE, Q).leases();
    broker().retry(leases.get(0).token(), 0, "x", true);
    broker().archive(leases.get(1).token(), "x", true);
    broker().complete(leases.get(2).token());
    assertThat(enqueue(TaskRequests.task("a2").payload("1").uniqueFor(60_000))).wasDuplicate();
    assertThat(enqueue(TaskRequests.task("b2").payload("2").uniqueFor(60_000))).wasDuplicate();
    assertThat(enqueue(TaskRequests.task("c2").payload("3").uniqueFor(60_000))).wasCreated(TaskState.PENDING);
    admin().delete(Q, "b");
    assertThat(enqueue(TaskRequests.task("b2").payload("2").uniqueFor(60_000))).wasCreated(TaskState.PENDING);
  }
}
