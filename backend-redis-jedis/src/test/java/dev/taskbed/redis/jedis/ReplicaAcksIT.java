package dev.taskbed.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueOutcomeUnknownException;
import dev.taskbed.TaskbedException;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.Lease;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisBrokerSettings#replicaAcks} on a real primary and replica: a write is acknowledged
 * only once the replica has it, and while the replica cannot confirm (it is stalled with
 * {@code DEBUG SLEEP}, connected but silent) nothing is acknowledged, not even an idempotent repeat
 * on a fresh connection, which is the case the replication mark exists for.
 */
class ReplicaAcksIT {

  /**
   * One attempt, so every outcome below is one exchange; a generous WAIT timeout, so a healthy
   * replica on a loaded machine always confirms in time, and the stall below still outlasts every
   * WAIT made during it.
   */
  private static final RedisBrokerSettings WAIT_FOR_ONE = RedisBrokerSettings.builder()
      .replicaAcks(1, Duration.ofSeconds(1)).maxAttempts(1).build();

  @Test
  void writesAreAcknowledgedOnlyWhenTheReplicaConfirms() throws Exception {
    try (LocalRedis primary = primary();
        LocalRedis replica = LocalRedis.builder().arg("--enable-debug-command", "yes").build()) {
      replica.start();
      try (RespClient c = replica.client(0)) {
        c.call("REPLICAOF", "127.0.0.1", primary.port());
      }
      awaitReplicaOnline(primary);
      try (JedisBroker first = TestBrokers.broker(primary, WAIT_FOR_ONE);
          JedisBroker fresh = TestBrokers.broker(primary, WAIT_FOR_ONE)) {
        assertThat(first.enqueue(JedisBrokerSmokeIT.request("w", "q", 0)).outcome()).isEqualTo(EnqueueOutcome.CREATED);
        Lease lease = first.claim(new ClaimRequest("r1", List.of("q"), 1, 60_000)).leases().get(0);

        Thread stall = new Thread(() -> {
          try (RespClient c = replica.client(0)) {
            c.call("DEBUG", "SLEEP", "5"); // longer than the three 1 s WAITs below
          }
        });
        stall.start();
        Thread.sleep(100);

        // A fresh connection has made no write, so a bare WAIT counts the stalled replica at once:
        // this is what would vouch for an idempotent repeat without the replication mark.
        try (RespClient raw = primary.client(0)) {
          assertThat(raw.call("WAIT", "1", "100")).isEqualTo(1L);
        }
        assertThatThrownBy(() -> first.enqueue(JedisBrokerSmokeIT.request("a", "q", 0)))
            .isInstanceOf(EnqueueOutcomeUnknownException.class);
        assertThatThrownBy(() -> fresh.enqueue(JedisBrokerSmokeIT.request("a", "q", 0)))
            .as("the repeat finds the task (EXISTING) but the replica does not have it yet")
            .isInstanceOf(EnqueueOutcomeUnknownException.class);
        assertThatThrownBy(() -> first.complete(lease.token())).isInstanceOf(TaskbedException.class);
        stall.join();

        assertThat(fresh.enqueue(JedisBrokerSmokeIT.request("a", "q", 0)).outcome()).isEqualTo(EnqueueOutcome.EXISTING);
        assertThat(fresh.complete(lease.token())).isEqualTo(AckStatus.ALREADY_APPLIED);
        try (RespClient c = replica.client(0)) {
          assertThat(c.call("HEXISTS", "taskbed:{q}:tasks", "a")).as("the replica has the task").isEqualTo(1L);
        }
      }
    }
  }

  @Test
  void withoutReplicaAcks_theSameWritesAreAcknowledgedAtOnce() throws Exception {
    try (LocalRedis primary = primary();
        LocalRedis replica = LocalRedis.builder().arg("--enable-debug-command", "yes").build()) {
      replica.start();
      try (RespClient c = replica.client(0)) {
        c.call("REPLICAOF", "127.0.0.1", primary.port());
      }
      awaitReplicaOnline(primary);
      try (JedisBroker broker = TestBrokers.broker(primary, RedisBrokerSettings.builder().maxAttempts(1).build())) {
        Thread stall = new Thread(() -> {
          try (RespClient c = replica.client(0)) {
            c.call("DEBUG", "SLEEP", "1");
          }
        });
        stall.start();
        Thread.sleep(100);
        assertThat(broker.enqueue(JedisBrokerSmokeIT.request("a", "q", 0)).outcome()).isEqualTo(EnqueueOutcome.CREATED);
        stall.join();
      }
    }
  }

  /** A primary that starts a replica's first sync at once (the default waits 5 s to batch replicas). */
  static LocalRedis primary() {
    return LocalRedis.builder().arg("--repl-diskless-sync-delay", "0").build().start();
  }

  /** Waits until the replica acknowledges writes: a probe write confirmed by {@code WAIT}. */
  static void awaitReplicaOnline(LocalRedis primary) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    try (RespClient c = primary.client(0)) {
      while (System.nanoTime() < deadline) {
        c.call("SET", "probe", "1");
        if (Long.valueOf(1).equals(c.call("WAIT", "1", "200"))) {
          c.call("DEL", "probe");
          return;
        }
        Thread.sleep(50);
      }
    }
    throw new AssertionError("the replica did not come online");
  }
}
