package dev.taskbed.redis.testing.contracts;

import static dev.taskbed.redis.testing.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.env.ManualClock;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.RedisFixture;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ClaimRequest#replay()} on Redis, rule by rule as {@link dev.taskbed.spi.Broker#claim}
 * states it, on a single node and on a cluster (where the two queues live in different slots).
 * The in-memory broker passes the same cases in {@code InMemoryClaimReplayTest}.
 */
public abstract class ClaimReplayContract extends RedisBrokerContract {
  private static final long LEASE = 30_000;
  private final ManualClock clock = new ManualClock();

  static Stream<Named<Supplier<RedisFixture>>> deployments() {
    return Stream.of(Named.of("single node", SharedRedis::local), Named.of("cluster", SharedRedis::cluster));
  }

  private RedisBroker open(Supplier<RedisFixture> deployment) {
    RedisFixture redis = deployment.get();
    redis.flushAll();
    return open(redis, RedisBrokerSettings.builder().clock(clock).build());
  }

  private static void enqueue(RedisBroker broker, String queue, String... ids) {
    for (String id : ids) {
      broker.enqueue(request(id, queue, 0));
    }
  }

  private static ClaimResult claim(RedisBroker broker, String requestId, int max, boolean replay, String... queues) {
    ClaimRequest req = new ClaimRequest(requestId, List.of(queues), max, LEASE);
    return broker.claim(replay ? req.asReplay() : req);
  }

  private static List<String> ids(ClaimResult r) {
    return r.leases().stream().map(l -> l.task().id()).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deployments")
  void a_replay_returns_the_leases_of_a_later_queue_before_claiming_what_arrived_in_an_earlier_one(Supplier<RedisFixture> on) {
    try (RedisBroker broker = open(on)) {
      enqueue(broker, "q2", "a", "b", "c");
      ClaimResult first = claim(broker, "r", 3, false, "q1", "q2");
      enqueue(broker, "q1", "x", "y", "z");

      ClaimResult replay = claim(broker, "r", 3, true, "q1", "q2");

      assertThat(replay.leases()).extracting(Lease::token).containsExactlyElementsOf(first.leases().stream().map(Lease::token).toList());
      assertThat(replay.leases()).extracting(Lease::expiresAtMillis).containsOnly(first.leases().get(0).expiresAtMillis());
      assertThat(broker.stats("q1").pending()).isEqualTo(3);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deployments")
  void a_replay_finds_its_leases_whatever_order_it_lists_the_queues_in(Supplier<RedisFixture> on) {
    try (RedisBroker broker = open(on)) {
      enqueue(broker, "q1", "a");
      enqueue(broker, "q2", "b", "c");
      assertThat(ids(claim(broker, "r", 3, false, "q1", "q2"))).containsExactly("a", "b", "c");
      enqueue(broker, "q1", "x");
      enqueue(broker, "q2", "y");

      assertThat(ids(claim(broker, "r", 3, true, "q2", "q1"))).containsExactly("b", "c", "a");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deployments")
  void a_replay_returns_every_remembered_lease_even_beyond_max_tasks(Supplier<RedisFixture> on) {
    try (RedisBroker broker = open(on)) {
      enqueue(broker, "q1", "a", "b");
      enqueue(broker, "q2", "c", "d", "e");
      claim(broker, "r", 5, false, "q1", "q2");

      assertThat(ids(claim(broker, "r", 2, true, "q1", "q2"))).containsExactly("a", "b", "c", "d", "e");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deployments")
  void a_replay_then_claims_new_tasks_up_to_max_tasks_in_all_skipping_the_queues_that_had_a_record(Supplier<RedisFixture> on) {
    try (RedisBroker broker = open(on)) {
      enqueue(broker, "q1", "a", "b");
      claim(broker, "r", 4, false, "q1", "q2"); // q2 is empty, so nothing is remembered there
      enqueue(broker, "q1", "x", "y");
      enqueue(broker, "q2", "c", "d", "e");

      assertThat(ids(claim(broker, "r", 4, true, "q1", "q2"))).containsExactly("a", "b", "c", "d");
      assertThat(broker.stats("q1").pending()).as("q1 had a record, so nothing new came from it").isEqualTo(2);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deployments")
  void a_replay_leaves_out_leases_that_are_no_longer_live_and_ignores_an_expired_record(Supplier<RedisFixture> on) {
    try (RedisBroker broker = open(on)) {
      enqueue(broker, "q1", "a", "b");
      ClaimResult first = claim(broker, "r", 2, false, "q1");
      assertThat(broker.complete(first.leases().get(0).token())).isEqualTo(AckStatus.OK);

      assertThat(ids(claim(broker, "r", 2, true, "q1"))).containsExactly("b");

      clock.advance(Duration.ofMillis(LEASE)); // the record and b's lease expire together
      enqueue(broker, "q1", "c");
      ClaimResult late = claim(broker, "r", 2, true, "q1");
      assertThat(ids(late)).containsExactly("c");
      assertThat(late.leases()).extracting(Lease::expiresAtMillis).containsOnly(clock.millis() + LEASE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("deployments")
  void without_replay_a_repeat_consults_a_queue_record_only_when_it_reaches_that_queue(Supplier<RedisFixture> on) {
    try (RedisBroker broker = open(on)) {
      enqueue(broker, "q2", "a", "b");
      claim(broker, "r", 2, false, "q1", "q2");
      enqueue(broker, "q1", "x", "y");

      assertThat(ids(claim(broker, "r", 2, false, "q1", "q2"))).containsExactly("x", "y");
      assertThat(broker.stats("q2").active()).isEqualTo(2);
    }
  }

  /** The replay passes cost extra script calls only on a replay: a first attempt makes one per visited queue. */
  @Test
  void a_first_attempt_costs_one_script_call_per_queue_it_visits_a_replay_one_more_per_listed_queue() {
    try (RedisBroker broker = open(SharedRedis::local); RespClient redis = SharedRedis.local().client(0)) {
      enqueue(broker, "q1", "a", "b");
      enqueue(broker, "q2", "c");
      claim(broker, "warm-up", 1, false, "empty"); // loads claim.lua into the script cache
      redis.call("CONFIG", "RESETSTAT");
      assertThat(ids(claim(broker, "r", 3, false, "q1", "q2"))).containsExactly("a", "b", "c");
      assertThat(evalShaCalls(redis)).isEqualTo(2);

      redis.call("CONFIG", "RESETSTAT");
      assertThat(ids(claim(broker, "r", 3, true, "q1", "q2"))).containsExactly("a", "b", "c");
      assertThat(evalShaCalls(redis)).isEqualTo(2); // both queues had a record: nothing left to claim
    }
  }

  private static long evalShaCalls(RespClient redis) {
    Matcher m = Pattern.compile("cmdstat_evalsha:calls=(\\d+)").matcher(redis.string("INFO", "commandstats"));
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
