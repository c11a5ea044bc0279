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
 * Contract point 8c, retention and purging: completed tasks kept for their retention, the archive
 * trimmed by size and by age, oldest first.
 */
public interface RetentionContract extends BrokerContract {
  @Test
  default void a_completed_task_with_retention_is_kept_until_its_retention_ends_then_purged() {
    assumeVirtualTime();
    enqueue(TaskRequests.task("a").retention(60_000));
    broker().complete(claimOne(Q).token());
    assertThat(task(Q, "a")).isInState(TaskState.COMPLETED).wasCompletedAt(now());
    advance(59_999);
    assertThat(broker().purgeExpired(Q, 10)).isEqualTo(MaintenanceResult.NONE);
    advance(1);
    assertThat(broker().purgeExpired(Q, 10)).isEqualTo(new MaintenanceResult(1, false));
    assertThat(admin().get(Q, "a")).isEmpty();
    assertThat(enqueue(TaskRequests.task("a").retention(60_000))).wasExisting(null);
  }

  @Test
  default void revoke_removes_the_task_even_with_retention() {
    enqueue(TaskRequests.task("a").retention(60_000));
    broker().revoke(claimOne(Q).token());
    assertThat(admin().get(Q, "a")).isEmpty();
  }

  @Test
  default void the_archive_is_trimmed_oldest_first_by_size_and_by_age_within_the_purge_limit() {
    assumeVirtualTime();
    enqueueAll(Q, "a", "b", "c", "d", "e");
    for (String id : List.of("a", "b", "c", "d", "e")) {
      admin().archive(Q, id);
      advance(1);
    }
    assertThat(broker().purgeExpired(Q, 1)).isEqualTo(new MaintenanceResult(1, true));
    assertThat(broker().purgeExpired(Q, 10)).isEqualTo(new MaintenanceResult(1, false));
    assertThatQueue(admin(), Q).lists(TaskState.ARCHIVED, "c", "d", "e");
    advance(TEST_POLICY.archiveMaxAge().toMillis() - 4); // "c", archived at start + 2, is one ms short of too old
    assertThat(broker().purgeExpired(Q, 10)).isEqualTo(MaintenanceResult.NONE);
    advance(1);
    assertThat(broker().purgeExpired(Q, 10)).isEqualTo(new MaintenanceResult(1, false));
    assertThatQueue(admin(), Q).lists(TaskState.ARCHIVED, "d", "e");
  }

  @Test
  default void purging_an_unknown_queue_does_nothing() {
    assertThat(broker().purgeExpired("unknown", 10)).isEqualTo(MaintenanceResult.NONE);
    assertThat(broker().recoverExpiredLeases("unknown", 10, 0)).isEqualTo(MaintenanceResult.NONE);
    assertThat(admin().queues()).isEmpty();
  }
}
