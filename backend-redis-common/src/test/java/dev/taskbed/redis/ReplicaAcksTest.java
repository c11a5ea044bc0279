package dev.taskbed.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueOutcomeUnknownException;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.LeaseToken;
import dev.taskbed.spi.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * How {@link RedisBroker} honours {@link RedisBrokerSettings#replicaAcks()}, against a
 * scripted driver: which calls wait for replicas, and that a reply {@code WAIT} does not vouch for
 * never becomes an acknowledgement. The Redis ITs of both backends show the same on real replicas.
 */
class ReplicaAcksTest {

  /** A driver that answers every script from a queue of canned replies and records what it was sent. */
  static final class ScriptedDriver implements RedisDriver {
    final List<String> sent = new ArrayList<>();
    final List<WaitedReplies> waited = new ArrayList<>();
    Object plainReply;

    @Override
    public Object evalSha(String sha, List<byte[]> keys, List<byte[]> args) {
      sent.add("EVALSHA " + name(sha));
      return plainReply;
    }

    @Override
    public Object eval(byte[] script, List<byte[]> keys, List<byte[]> args) {
      sent.add("EVAL");
      return plainReply;
    }

    @Override
    public WaitedReplies evalAndWait(List<ScriptCall> calls, int replicas, long timeoutMillis) {
      StringBuilder s = new StringBuilder();
      for (ScriptCall c : calls) {
        s.append(c.body() == null ? "EVALSHA " : "EVAL ").append(name(c.sha())).append("; ");
      }
      sent.add(s.append("WAIT ").append(replicas).append(' ').append(timeoutMillis).toString());
      if (waited.isEmpty()) {
        throw new AssertionError("no scripted reply left for " + s);
      }
      return waited.remove(0);
    }

    private static String name(String sha) {
      for (Script s : Script.values()) {
        if (s.sha().equals(sha)) {
          return s.name();
        }
      }
      return sha;
    }

    @Override
    public List<Object> evalShaPipelined(List<ScriptCall> calls) {
      throw new AssertionError("a replicated broker does not pipeline");
    }

    @Override
    public long sadd(byte[] key, byte[] member) {
      sent.add("SADD");
      return 1;
    }

    @Override
    public List<byte[]> smembers(byte[] key) {
      return List.of();
    }

    @Override
    public void hset(byte[] key, byte[] field, byte[] value) {}

    @Override
    public void hdel(byte[] key, byte[] field) {}

    @Override
    public Map<String, String> info(String section) {
      return Map.of();
    }

    @Override
    public Map<String, String> configGet(String parameter) {
      return Map.of();
    }

    @Override
    public Subscription psubscribe(byte[] pattern, BiConsumer<byte[], byte[]> onMessage, Runnable onSubscribed) {
      return () -> {};
    }

    @Override
    public String describe() {
      return "scripted";
    }

    @Override
    public void close() {}
  }

  private static final List<Object> CREATED = List.of(1L, 1L);
  private static final List<Object> EXISTING = List.of(2L, 1L);

  private final ScriptedDriver driver = new ScriptedDriver();

  private RedisBroker broker(int attempts) {
    return RedisBroker.create(driver, RedisBrokerSettings.builder().checkServer(false).maxAttempts(attempts)
        .retryBackoff(Duration.ZERO).replicaAcks(1, Duration.ofMillis(250)).build());
  }

  private static EnqueueRequest request(String id) {
    return new EnqueueRequest(id, "q", "t", "p".getBytes(StandardCharsets.UTF_8), Map.of(), 2, 0, 0, 0, 0, 0, null, 0,
        "hash-" + id, 7L);
  }

  private static WaitedReplies replies(Object script, long reached) {
    return new WaitedReplies(List.of(script, 1L), reached);
  }

  @Nested
  class AnEnqueue {
    @Test
    void is_acknowledged_only_after_the_script_the_mark_and_wait_on_one_exchange() {
      driver.waited.add(replies(CREATED, 1));
      assertThat(broker(1).enqueue(request("a")).outcome()).isEqualTo(EnqueueOutcome.CREATED);
      assertThat(driver.sent).containsExactly("SADD", "EVALSHA ENQUEUE; EVALSHA REPLICATION_MARK; WAIT 1 250");
    }

    @Test
    void whose_wait_falls_short_ends_with_an_unknown_outcome_never_a_normal_return() {
      driver.waited.add(replies(CREATED, 0));
      driver.waited.add(replies(EXISTING, 0));
      assertThatThrownBy(() -> broker(2).enqueue(request("a")))
          .isInstanceOf(EnqueueOutcomeUnknownException.class).hasStackTraceContaining("0 of 1 replica(s) confirmed");
      assertThat(driver.sent).hasSize(3); // SADD + two attempts
    }

    @Test
    void is_retried_when_wait_falls_short_and_acknowledged_once_a_replica_confirms() {
      driver.waited.add(replies(CREATED, 0));
      driver.waited.add(replies(EXISTING, 1)); // the repeat finds the task; its mark and WAIT cover the first write
      assertThat(broker(3).enqueue(request("a")).outcome()).isEqualTo(EnqueueOutcome.EXISTING);
    }

    @Test
    void with_an_unknown_wait_answer_is_not_acknowledged() {
      driver.waited.add(replies(CREATED, WaitedReplies.UNKNOWN));
      assertThatThrownBy(() -> broker(1).enqueue(request("a"))).isInstanceOf(EnqueueOutcomeUnknownException.class)
          .hasStackTraceContaining("no answer");
    }

    @Test
    void whose_mark_failed_is_not_acknowledged() {
      driver.waited.add(new WaitedReplies(List.of(CREATED, RedisDriverException.serverError("ERR boom", null)), 1));
      assertThatThrownBy(() -> broker(1).enqueue(request("a"))).isInstanceOf(EnqueueOutcomeUnknownException.class)
          .hasStackTraceContaining("replication mark");
    }

    @Test
    void refused_for_memory_is_not_applied() {
      driver.waited.add(new WaitedReplies(List.of(RedisDriverException.serverError("OOM command not allowed", null), 1L), 1));
      assertThatThrownBy(() -> broker(1).enqueue(request("a"))).isInstanceOf(dev.taskbed.BrokerFullException.class);
    }

    @Test
    void on_a_node_that_lost_its_scripts_is_sent_again_with_the_script_bodies() {
      driver.waited.add(new WaitedReplies(List.of(RedisDriverException.serverError("NOSCRIPT x", null),
          RedisDriverException.serverError("NOSCRIPT x", null)), 1));
      driver.waited.add(replies(CREATED, 1));
      assertThat(broker(1).enqueue(request("a")).outcome()).isEqualTo(EnqueueOutcome.CREATED);
      assertThat(driver.sent).last().isEqualTo("EVAL ENQUEUE; EVAL REPLICATION_MARK; WAIT 1 250");
    }
  }

  @Nested
  class AnAck {
    @Test
    void answered_already_applied_is_trusted_only_with_the_mark_confirmed() {
      driver.waited.add(replies(List.of(1L), 1));
      LeaseToken token = new LeaseToken("q", "a", 1, 7);
      assertThat(broker(1).complete(token)).isEqualTo(AckStatus.ALREADY_APPLIED);
      assertThat(driver.sent).containsExactly("EVALSHA COMPLETE; EVALSHA REPLICATION_MARK; WAIT 1 250");
    }

    @Test
    void whose_wait_falls_short_fails() {
      driver.waited.add(replies(List.of(0L), 0));
      assertThatThrownBy(() -> broker(1).complete(new LeaseToken("q", "a", 1, 7)))
          .isInstanceOf(BrokerUnavailableException.class).hasStackTraceContaining("0 of 1");
    }
  }

  @Test
  void read_only_scripts_do_not_wait_for_replicas() {
    driver.plainReply = List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L);
    broker(1).stats("q");
    assertThat(driver.sent).containsExactly("EVALSHA STATS");
  }
}
