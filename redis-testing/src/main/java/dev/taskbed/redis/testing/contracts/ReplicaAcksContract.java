package dev.taskbed.redis.testing.contracts;

import static dev.taskbed.redis.testing.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueOutcomeUnknownException;
import dev.taskbed.TaskbedException;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.RedisScripts;
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
public abstract class ReplicaAcksContract extends RedisBrokerContract {

  /**
   * One attempt, so every outcome below is one exchange; a generous WAIT timeout, so a healthy
   * replica on a loaded machine always confirms in time, and the stall below still outlasts every
   * WAIT made during it.
   */
  private static final RedisBrokerSettings WAIT_FOR_ONE = RedisBrokerSettings.builder()
      .replicaAcks(1, Duration.ofSeconds(1)).maxAttempts(1).build();

  @Test
  void writes_are_acknowledged_only_when_the_replica_confirms() throws Exception {
    try (LocalRedis primary = primary();
        LocalRedis replica = stallableReplica()) {
      startReplicaOf(primary, replica);
      try (RedisBroker first = open(primary, WAIT_FOR_ONE);
          RedisBroker fresh = open(primary, WAIT_FOR_ONE)) {
        assertThat(first.enqueue(request("w", "q", 0)).outcome()).isEqualTo(EnqueueOutcome.CREATED);
        Lease lease = first.claim(new ClaimRequest("r1", List.of("q"), 1, 60_000)).leases().get(0);

        Thread stall = stall(replica, 5); // longer than the three 1 s WAITs below

        // A fresh connection has made no write, so a bare WAIT counts the stalled replica at once:
        // this is what would vouch for an idempotent repeat without the replication mark.
        try (RespClient raw = primary.client(0)) {
          assertThat(raw.call("WAIT", "1", "100")).isEqualTo(1L);
        }
        assertThatThrownBy(() -> first.enqueue(request("a", "q", 0)))
            .isInstanceOf(EnqueueOutcomeUnknownException.class);
        assertThatThrownBy(() -> fresh.enqueue(request("a", "q", 0)))
            .as("the repeat finds the task (EXISTING) but the replica does not have it yet")
            .isInstanceOf(EnqueueOutcomeUnknownException.class);
        assertThatThrownBy(() -> first.complete(lease.token())).isInstanceOf(TaskbedException.class);
        stall.join();

        assertThat(fresh.enqueue(request("a", "q", 0)).outcome()).isEqualTo(EnqueueOutcome.EXISTING);
        assertThat(fresh.complete(lease.token())).isEqualTo(AckStatus.ALREADY_APPLIED);
        try (RespClient c = replica.client(0)) {
          assertThat(c.call("HEXISTS", "taskbed:{q}:tasks", "a")).as("the replica has the task").isEqualTo(1L);
        }
      }
    }
  }

  @Test
  void without_replica_acks_the_same_writes_are_acknowledged_at_once() throws Exception {
    try (LocalRedis primary = primary();
        LocalRedis replica = stallableReplica()) {
      startReplicaOf(primary, replica);
      try (RedisBroker broker = open(primary, RedisBrokerSettings.builder().maxAttempts(1).build())) {
        Thread stall = stall(replica, 1);
        assertThat(broker.enqueue(request("a", "q", 0)).outcome()).isEqualTo(EnqueueOutcome.CREATED);
        stall.join();
      }
    }
  }

  /**
   * {@code NOSCRIPT} for the replication mark only (the script itself was cached and ran): the
   * script must not be sent again, or its second run answers from the state the first one left
   * (an enqueue {@code EXISTING} instead of {@code CREATED}). Issue 11, item 8.
   */
  @Test
  void a_script_that_ran_is_not_sent_again_when_only_the_replication_mark_was_not_cached() throws Exception {
    try (LocalRedis primary = primary();
        LocalRedis replica = stallableReplica()) {
      startReplicaOf(primary, replica);
      try (RedisBroker broker = open(primary, WAIT_FOR_ONE)) {
        broker.enqueue(request("warm", "q", 0)); // registers the queue
        onlyCached(primary, "enqueue");
        assertThat(broker.enqueue(request("a", "q", 0)).outcome()).isEqualTo(EnqueueOutcome.CREATED);
        onlyCached(primary, "delete");
        broker.delete("q", "a");
        assertThat(broker.get("q", "a")).isEmpty();
        try (RespClient c = primary.client(0)) {
          assertThat(c.call("SCRIPT", "EXISTS", RedisScripts.sha("replication_mark"))).as("the mark was loaded")
              .isEqualTo(List.of(1L));
        }
      }
    }
  }

  /** Empties the script cache of {@code redis} but for {@code script} ({@link RedisScripts} names it). */
  private static void onlyCached(LocalRedis redis, String script) {
    try (RespClient c = redis.client(0)) {
      c.call("SCRIPT", "FLUSH");
      assertThat(c.call("SCRIPT", "LOAD", RedisScripts.body(script))).isEqualTo(RedisScripts.sha(script));
    }
  }

  /** A primary that starts a replica's first sync at once (the default waits 5 s to batch replicas). */
  static LocalRedis primary() {
    return LocalRedis.builder().arg("--repl-diskless-sync-delay", "0").build().start();
  }

  /** A replica-to-be that accepts {@code DEBUG SLEEP}; not started, so a failing start still closes it. */
  static LocalRedis stallableReplica() {
    return LocalRedis.builder().arg("--enable-debug-command", "yes").build();
  }

  /** Starts {@code replica}, makes it replicate {@code primary} and waits until it acknowledges writes. */
  static void startReplicaOf(LocalRedis primary, LocalRedis replica) throws InterruptedException {
    replica.start();
    try (RespClient c = replica.client(0)) {
      c.call("REPLICAOF", "127.0.0.1", primary.port());
    }
    awaitReplicaOnline(primary);
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

  /**
   * Stalls {@code replica} for {@code seconds} with {@code DEBUG SLEEP} (connected but silent) on a
   * thread of its own, and returns once the stall has begun; the caller joins the thread.
   */
  private static Thread stall(LocalRedis replica, int seconds) throws InterruptedException {
    Thread stall = new Thread(() -> {
      try (RespClient c = replica.client(0)) {
        c.call("DEBUG", "SLEEP", Integer.toString(seconds));
      }
    });
    stall.start();
    Thread.sleep(100);
    return stall;
  }
}
