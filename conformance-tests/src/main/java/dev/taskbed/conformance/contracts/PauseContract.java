package dev.taskbed.conformance.contracts;

import static dev.taskbed.conformance.assertions.TaskbedAssertions.assertThat;
import static dev.taskbed.conformance.assertions.TaskbedAssertions.assertThatQueue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.conformance.TaskRequests;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Contract point 8a, pause: a paused queue hands out nothing, while forwarding, recovery, acks and
 * claim replays go on.
 */
public interface PauseContract extends BrokerContract {
  @Test
  default void a_paused_queue_is_skipped_by_claims_but_forwarding_recovery_and_acks_go_on() {
    assumeVirtualTime();
    enqueue(TaskRequests.task("a").maxRetry(1));
    Lease held = assertThat(claim(1, 1_000, Q)).singleLease();
    enqueueAll(Q, "b");
    enqueue(TaskRequests.task("c").delay(10));
    admin().pause(Q);
    assertThatQueue(admin(), Q).isPaused();
    assertThat(claim(Q)).claimedNothing().reportsNextDueIn(-1);
    advance(1_000);
    assertThat(broker().forwardDue(Q, 10).processed()).isEqualTo(1);
    assertThat(broker().recoverExpiredLeases(Q, 10, 0).processed()).isEqualTo(1);
    assertThat(broker().complete(held.token())).isEqualTo(AckStatus.LEASE_LOST);
    assertThat(claim(Q)).claimedNothing();
    admin().unpause(Q);
    assertThatQueue(admin(), Q).isNotPaused();
    assertThat(claim(Q)).claimed("b", "c", "a");
  }

  @Test
  default void pausing_registers_the_queue_and_pause_and_unpause_are_idempotent() {
    admin().pause("fresh");
    admin().pause("fresh");
    assertThat(admin().queues()).containsExactly("fresh");
    assertThat(broker().queues()).containsExactly("fresh");
    assertThatQueue(admin(), "fresh").isPaused().hasCounts(0, 0, 0, 0, 0, 0);
    admin().unpause("fresh");
    admin().unpause("fresh");
    assertThatQueue(admin(), "fresh").isNotPaused();
  }

  @Test
  default void a_claim_replay_still_answers_on_a_paused_queue() {
    enqueueAll(Q, "a");
    ClaimRequest request = new ClaimRequest("r", List.of(Q), 1, LEASE);
    ClaimResult first = broker().claim(request);
    admin().pause(Q);
    assertThat(broker().claim(request)).isEqualTo(first);
  }
}
