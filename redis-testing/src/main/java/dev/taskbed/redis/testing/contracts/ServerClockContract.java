package dev.taskbed.redis.testing.contracts;

import static dev.taskbed.redis.testing.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.redis.testing.ServerClock;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.Lease;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fencing on Redis server time when the server's clock steps backwards, as after a failover to a
 * replica whose clock is behind or an NTP correction: a lease once reported lost stays lost. The
 * scripts keep {@code now} monotonic per queue with a stored high-water mark, and every fencing
 * decision records the {@code now} it was made at. The server clocks are set by the test
 * ({@link ServerClock}).
 */
public abstract class ServerClockContract extends RedisBrokerContract {
  private static final long T0 = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
  private static final RedisBrokerSettings SERVER_TIME = RedisBrokerSettings.builder().checkServer(false).build();

  private final LocalRedis redis = SharedRedis.serverClocked();
  private final ServerClock clock = redis.serverClock();

  @BeforeEach
  void emptyServerAtT0() {
    redis.flushAll();
    clock.set(T0);
  }

  @AfterEach
  void realTimeAgain() {
    clock.useRealTime();
  }

  private static Lease claimOne(RedisBroker broker, String requestId, long leaseMillis) {
    List<Lease> leases = broker.claim(new ClaimRequest(requestId, List.of("q"), 1, leaseMillis)).leases();
    assertThat(leases).hasSize(1);
    return leases.get(0);
  }

  @Test
  void the_server_clock_is_what_time_and_the_scripts_read() {
    try (RespClient c = redis.client(0);
        RedisBroker broker = open(redis, SERVER_TIME)) {
      assertThat(c.call("TIME")).isEqualTo(List.of(Long.toString(T0 / 1000), "999"));
      broker.enqueue(request("a", "q", 0));
      assertThat(broker.get("q", "a").orElseThrow().enqueuedAt()).isEqualTo(Instant.ofEpochMilli(T0));
      clock.set(T0 - 60_000);
      assertThat(c.call("TIME")).as("backwards too").isEqualTo(List.of(Long.toString(T0 / 1000 - 60), "999"));
      clock.useRealTime();
      long now = Long.parseLong((String) ((List<?>) c.call("TIME")).get(0));
      assertThat(now).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
    }
  }

  @Test
  void an_extend_answered_lease_lost_is_not_contradicted_when_the_server_clock_steps_back() {
    try (RedisBroker broker = open(redis, SERVER_TIME)) {
      broker.enqueue(request("a", "q", 0));
      Lease lease = claimOne(broker, "r", 1_000);
      clock.set(T0 + 1_000);
      assertThat(broker.extendLease(lease.token(), 5_000)).isEqualTo(AckStatus.LEASE_LOST);
      clock.set(T0 + 500);
      assertThat(broker.extendLease(lease.token(), 5_000)).as("reported lost at T0+1000").isEqualTo(AckStatus.LEASE_LOST);
      assertThat(broker.complete(lease.token())).isEqualTo(AckStatus.LEASE_LOST);
    }
  }

  @Test
  void an_ack_answered_lease_lost_is_not_contradicted_when_the_server_clock_steps_back() {
    try (RedisBroker broker = open(redis, SERVER_TIME)) {
      broker.enqueue(request("a", "q", 0));
      Lease lease = claimOne(broker, "r", 1_000);
      clock.set(T0 + 1_000);
      assertThat(broker.complete(lease.token())).isEqualTo(AckStatus.LEASE_LOST);
      clock.set(T0 + 500);
      assertThat(broker.complete(lease.token())).as("reported lost at T0+1000").isEqualTo(AckStatus.LEASE_LOST);
      assertThat(broker.extendLease(lease.token(), 5_000)).isEqualTo(AckStatus.LEASE_LOST);
    }
  }

  @Test
  void a_lease_extended_before_the_clock_steps_back_keeps_its_expiry() {
    try (RedisBroker broker = open(redis, SERVER_TIME)) {
      broker.enqueue(request("a", "q", 0));
      Lease lease = claimOne(broker, "r", 1_000);
      clock.set(T0 + 900);
      assertThat(broker.extendLease(lease.token(), 1_000)).isEqualTo(AckStatus.OK); // until T0+1900
      clock.set(T0 + 100);
      assertThat(broker.get("q", "a").orElseThrow().leaseExpiresAt()).isEqualTo(Instant.ofEpochMilli(T0 + 1_900));
      clock.set(T0 + 1_900);
      assertThat(broker.complete(lease.token())).as("expired at T0+1900").isEqualTo(AckStatus.LEASE_LOST);
    }
  }

  /**
   * The case the high-water mark exists for: the primary reports a lease lost; its replica, whose
   * clock is half a lease behind, is promoted; the same tokens must still be refused there.
   */
  @Test
  void after_a_failover_to_a_replica_whose_clock_is_behind_leases_reported_lost_stay_lost() throws Exception {
    try (ServerClock primaryClock = ServerClock.create();
        ServerClock replicaClock = ServerClock.create();
        LocalRedis primary = LocalRedis.builder().serverClock(primaryClock).arg("--repl-diskless-sync-delay", "0").build();
        LocalRedis replica = LocalRedis.builder().serverClock(replicaClock).build()) {
      primaryClock.set(T0);
      replicaClock.set(T0);
      primary.start();
      ReplicaAcksContract.startReplicaOf(primary, replica);
      Lease extended;
      Lease acked;
      try (RedisBroker onPrimary = open(primary, SERVER_TIME)) {
        onPrimary.enqueue(request("a", "q", 0));
        onPrimary.enqueue(request("b", "q", 0));
        extended = claimOne(onPrimary, "r1", 1_000);
        acked = claimOne(onPrimary, "r2", 1_000);
        primaryClock.set(T0 + 1_000);
        assertThat(onPrimary.extendLease(extended.token(), 5_000)).isEqualTo(AckStatus.LEASE_LOST);
        assertThat(onPrimary.complete(acked.token())).isEqualTo(AckStatus.LEASE_LOST);
      }
      try (RespClient c = primary.client(0)) {
        c.call("SET", "probe", "1"); // a write of this connection, so that WAIT covers every earlier one
        assertThat(c.call("WAIT", "1", "5000")).as("the replica has everything").isEqualTo(1L);
      }
      replicaClock.set(T0 + 500);
      try (RespClient c = replica.client(0)) {
        c.call("REPLICAOF", "NO", "ONE");
      }
      primary.kill();
      try (RedisBroker onReplica = open(replica, SERVER_TIME)) {
        assertThat(onReplica.extendLease(extended.token(), 5_000)).isEqualTo(AckStatus.LEASE_LOST);
        assertThat(onReplica.complete(extended.token())).isEqualTo(AckStatus.LEASE_LOST);
        assertThat(onReplica.complete(acked.token())).isEqualTo(AckStatus.LEASE_LOST);
        assertThat(onReplica.extendLease(acked.token(), 5_000)).isEqualTo(AckStatus.LEASE_LOST);
      }
    }
  }
}
