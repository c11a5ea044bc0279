package dev.taskbed.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.env.ManualClock;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ClaimRequest#replay()} on the in-memory broker, rule by rule as {@link
 * dev.taskbed.spi.Broker#claim} states it. The Redis backends pass the same cases in
 * {@code ClaimReplayContract}.
 */
class InMemoryClaimReplayTest {
  private static final long LEASE = 30_000;
  private final ManualClock clock = new ManualClock();
  private final InMemoryBroker broker = new InMemoryBroker(clock);

  private void enqueue(String queue, String... ids) {
    for (String id : ids) {
      broker.enqueue(new EnqueueRequest(id, queue, "t", new byte[0], Map.of(), 0, 0, 0, 0, 0, 0, null, 0, "h-" + id, 7L));
    }
  }

  private ClaimResult claim(String requestId, int max, boolean replay, String... queues) {
    ClaimRequest req = new ClaimRequest(requestId, List.of(queues), max, LEASE);
    return broker.claim(replay ? req.asReplay() : req);
  }

  private static List<String> ids(ClaimResult r) {
    return r.leases().stream().map(l -> l.task().id()).toList();
  }

  @Test
  void a_replay_returns_the_leases_of_a_later_queue_before_claiming_what_arrived_in_an_earlier_one() {
    enqueue("q2", "a", "b", "c");
    ClaimResult first = claim("r", 3, false, "q1", "q2");
    enqueue("q1", "x", "y", "z");

    ClaimResult replay = claim("r", 3, true, "q1", "q2");

    assertThat(replay.leases()).containsExactlyElementsOf(first.leases());
    assertThat(broker.stats("q1").pending()).isEqualTo(3);
  }

  @Test
  void a_replay_finds_its_leases_whatever_order_it_lists_the_queues_in() {
    enqueue("q1", "a");
    enqueue("q2", "b", "c");
    ClaimResult first = claim("r", 3, false, "q1", "q2");
    enqueue("q1", "x");
    enqueue("q2", "y");

    ClaimResult replay = claim("r", 3, true, "q2", "q1");

    assertThat(ids(first)).containsExactly("a", "b", "c");
    assertThat(ids(replay)).containsExactly("b", "c", "a"); // in the order the replay lists the queues
  }

  @Test
  void a_replay_returns_every_remembered_lease_even_beyond_max_tasks() {
    enqueue("q1", "a", "b");
    enqueue("q2", "c", "d", "e");
    claim("r", 5, false, "q1", "q2");

    assertThat(ids(claim("r", 2, true, "q1", "q2"))).containsExactly("a", "b", "c", "d", "e");
  }

  @Test
  void a_replay_then_claims_new_tasks_up_to_max_tasks_in_all_skipping_the_queues_that_had_a_record() {
    enqueue("q1", "a", "b");
    claim("r", 4, false, "q1", "q2"); // q2 is unknown yet, so nothing is remembered there
    enqueue("q1", "x", "y");
    enqueue("q2", "c", "d", "e");

    ClaimResult replay = claim("r", 4, true, "q1", "q2");

    assertThat(ids(replay)).containsExactly("a", "b", "c", "d");
    assertThat(broker.stats("q1").pending()).as("q1 had a record, so nothing new came from it").isEqualTo(2);
  }

  @Test
  void a_replay_leaves_out_leases_that_are_no_longer_live_and_ignores_an_expired_record() {
    enqueue("q1", "a", "b");
    ClaimResult first = claim("r", 2, false, "q1");
    LeaseToken a = first.leases().get(0).token();
    assertThat(broker.complete(a)).isEqualTo(AckStatus.OK);

    assertThat(ids(claim("r", 2, true, "q1"))).containsExactly("b");

    clock.advance(Duration.ofMillis(LEASE)); // the record and b's lease expire together
    enqueue("q1", "c");
    ClaimResult late = claim("r", 2, true, "q1");
    assertThat(ids(late)).containsExactly("c"); // b is expired and awaits recovery; c is new
    assertThat(late.leases()).extracting(Lease::expiresAtMillis).containsOnly(clock.millis() + LEASE);
  }

  @Test
  void without_replay_a_repeat_consults_a_queue_record_only_when_it_reaches_that_queue() {
    enqueue("q2", "a", "b");
    claim("r", 2, false, "q1", "q2");
    enqueue("q1", "x", "y");

    assertThat(ids(claim("r", 2, false, "q1", "q2"))).containsExactly("x", "y");
    assertThat(broker.stats("q2").active()).isEqualTo(2);
  }
}
