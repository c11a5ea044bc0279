package dev.taskbed.conformance.contracts;

import static dev.taskbed.conformance.assertions.TaskbedAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.conformance.TaskRequests;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Contract point 3, fencing: an ack or extension counts only with the token of the live lease; a
 * superseded, ended, expired or forged token is {@code LEASE_LOST} and changes nothing.
 */
public interface FencingContract extends BrokerContract {
  @Test
  default void an_ack_with_a_superseded_token_is_lease_lost_and_changes_nothing() {
    assumeVirtualTime();
    enqueue(TaskRequests.task("a").maxRetry(5));
    Lease zombie = assertThat(claim(1, 1_000, Q)).singleLease();
    advance(1_000);
    broker().recoverExpiredLeases(Q, 10, 0);
    Lease owner = claimOne(Q);
    TaskInfo before = task(Q, "a");
    assertThat(broker().complete(zombie.token())).isEqualTo(AckStatus.LEASE_LOST);
    assertThat(broker().retry(zombie.token(), 0, "x", true)).isEqualTo(AckStatus.LEASE_LOST);
    assertThat(broker().archive(zombie.token(), "x", true)).isEqualTo(AckStatus.LEASE_LOST);
    assertThat(broker().requeue(zombie.token())).isEqualTo(AckStatus.LEASE_LOST);
    assertThat(broker().revoke(zombie.token())).isEqualTo(AckStatus.LEASE_LOST);
    assertThat(broker().extendLease(zombie.token(), LEASE)).isEqualTo(AckStatus.LEASE_LOST);
    assertThat(task(Q, "a")).isEqualTo(before);
    assertThat(broker().complete(owner.token())).isEqualTo(AckStatus.OK);
  }

  @Test
  default void a_lease_is_live_until_one_millisecond_before_its_expiry() {
    assumeVirtualTime();
    enqueueAll(Q, "a", "b");
    List<Lease> leases = claim(2, 1_000, Q).leases();
    advance(999);
    assertThat(broker().complete(leases.get(0).token())).isEqualTo(AckStatus.OK);
    advance(1);
    assertThat(broker().complete(leases.get(1).token())).isEqualTo(AckStatus.LEASE_LOST);
    assertThat(task(Q, "b")).isInState(TaskState.ACTIVE);
  }

  @Test
  default void extend_lease_never_revives_an_expired_lease() {
    assumeVirtualTime();
    enqueueAll(Q, "a");
    Lease l = assertThat(claim(1, 1_000, Q)).singleLease();
    advance(1_000);
    assertThat(broker().extendLease(l.token(), 60_000)).isEqualTo(AckStatus.LEASE_LOST);
    assertThat(task(Q, "a")).hasLeaseExpiringAt(l.expiresAtMillis());
  }

  @Test
  default void extend_lease_keeps_the_later_of_the_current_and_the_requested_expiry() {
    assumeVirtualTime();
    enqueueAll(Q, "a");
    Lease l = claimOne(Q);
    advance(10);
    assertThat(broker().extendLease(l.token(), 1_000)).isEqualTo(AckStatus.OK);
    assertThat(task(Q, "a")).hasLeaseExpiringAt(l.expiresAtMillis());
    assertThat(broker().extendLeases(List.of(l.token(), l.token()), 2 * LEASE)).containsExactly(AckStatus.OK, AckStatus.OK);
    assertThat(task(Q, "a")).hasLeaseExpiringAt(now() + 2 * LEASE);
  }

  @Test
  default void an_applied_ack_ends_the_lease() {
    enqueueAll(Q, "a");
    Lease l = claimOne(Q);
    assertThat(broker().requeue(l.token())).isEqualTo(AckStatus.OK);
    assertThat(broker().extendLease(l.token(), LEASE)).isEqualTo(AckStatus.LEASE_LOST);
    assertThat(broker().complete(l.token())).isEqualTo(AckStatus.LEASE_LOST);
    assertThat(task(Q, "a")).isInState(TaskState.PENDING);
  }

  @Test
  default void a_token_of_another_incarnation_is_lease_lost() {
    enqueueAll(Q, "a");
    Lease l = claimOne(Q);
    LeaseToken forged = new LeaseToken(Q, "a", l.token().claimSequence(), l.token().nonce() + 1);
    assertThat(broker().complete(forged)).isEqualTo(AckStatus.LEASE_LOST);
    assertThat(broker().extendLease(forged, LEASE)).isEqualTo(AckStatus.LEASE_LOST);
    assertThat(broker().complete(new LeaseToken(Q, "nope", 1, 1))).isEqualTo(AckStatus.LEASE_LOST);
    assertThat(broker().complete(new LeaseToken("no-such-queue", "a", 1, l.token().nonce()))).isEqualTo(AckStatus.LEASE_LOST);
    assertThat(task(Q, "a")).isInState(TaskState.ACTIVE);
  }
}
