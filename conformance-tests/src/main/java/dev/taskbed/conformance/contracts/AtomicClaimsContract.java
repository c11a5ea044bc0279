package dev.taskbed.conformance.contracts;

import static dev.taskbed.conformance.assertions.TaskbedAssertions.assertThat;
import static dev.taskbed.conformance.assertions.TaskbedAssertions.assertThatQueue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.TaskState;
import dev.taskbed.conformance.TaskRequests;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Contract point 2, atomic claims: a task goes to one claimer at a time, and a replayed claim
 * request returns what it granted instead of claiming again.
 */
public interface AtomicClaimsContract extends BrokerContract {
  @Test
  default void a_claimed_task_is_not_handed_to_another_claimer() {
    enqueueAll(Q, "a");
    assertThat(claim(Q)).claimed("a");
    assertThat(claim(Q)).claimedNothing();
  }

  @Test
  default void a_claim_makes_the_task_active_counts_the_claim_and_sets_the_lease_expiry() {
    assumeVirtualTime();
    enqueueAll(Q, "a");
    Lease l = claimOne(Q);
    assertThat(l.expiresAtMillis()).isEqualTo(now() + LEASE);
    assertThat(l.token()).isEqualTo(new LeaseToken(Q, "a", 1, TaskRequests.task("a").build().nonce()));
    assertThat(l.task()).isInState(TaskState.ACTIVE).hasClaimSequence(1).hasLeaseExpiringAt(now() + LEASE);
    assertThat(task(Q, "a")).isEqualTo(l.task());
  }

  @Test
  default void a_replayed_claim_request_returns_the_same_leases_and_claims_nothing_new() {
    enqueueAll(Q, "a", "b", "c");
    ClaimRequest request = new ClaimRequest("lost-reply", List.of(Q), 2, LEASE);
    ClaimResult first = broker().claim(request);
    assertThat(first).claimed("a", "b");
    assertThat(broker().claim(request)).isEqualTo(first);
    assertThatQueue(admin(), Q).lists(TaskState.PENDING, "c");
  }

  @Test
  default void a_replayed_claim_request_returns_only_the_leases_still_live_with_their_current_expiry() {
    assumeVirtualTime();
    enqueueAll(Q, "a", "b");
    ClaimRequest request = new ClaimRequest("r", List.of(Q), 2, LEASE);
    List<Lease> leases = broker().claim(request).leases();
    broker().complete(leases.get(0).token());
    advance(10);
    broker().extendLease(leases.get(1).token(), LEASE);
    Lease replayed = assertThat(broker().claim(request)).claimed("b").singleLease();
    assertThat(replayed.expiresAtMillis()).isEqualTo(now() + LEASE);
  }

  @Test
  default void concurrent_claimers_never_receive_the_same_task() throws Exception {
    int tasks = 200;
    int threads = 4;
    for (int i = 0; i < tasks; i++) {
      enqueue(TaskRequests.task("t" + i));
    }
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<LeaseToken>>> claimed = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        int worker = w;
        claimed.add(pool.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          List<LeaseToken> mine = new ArrayList<>();
          for (int n = 0; ; n++) {
            List<Lease> got = broker().claim(new ClaimRequest("w" + worker + "-" + n, List.of(Q), 1 + n % 3, LEASE)).leases();
            if (got.isEmpty()) {
              return mine;
            }
            got.forEach(l -> mine.add(l.token()));
          }
        }));
      }
      Set<String> ids = new HashSet<>();
      int total = 0;
      for (Future<List<LeaseToken>> f : claimed) {
        for (LeaseToken t : f.get(30, TimeUnit.SECONDS)) {
          total++;
          assertThat(ids.add(t.taskId())).as("task %s delivered twice", t.taskId()).isTrue();
        }
      }
      assertThat(total).isEqualTo(tasks);
    } finally {
      pool.shutdownNow();
    }
  }
}
