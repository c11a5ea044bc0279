package dev.taskbed.redis.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.BrokerFullException;
import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.EnqueueOutcome;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.ServerReport;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.LocalRedisCluster;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Start-up checks (on a single node and on every primary of a cluster), out-of-memory behaviour
 * and an unreachable server, each on a Redis of its own where the test reconfigures it.
 */
public abstract class ServerCheckContract extends RedisBrokerContract {

  /** A bare task {@code id} on queue {@code q} with {@code payload}. */
  protected static EnqueueRequest task(String id, byte[] payload) {
    return new EnqueueRequest(id, "q", "t", payload, Map.of(), 0, 0, 0, 0, 0, 0, null, 0, "h" + id, 1);
  }

  /** A broker with default settings on a standalone server, as {@code create(uri)} builds it. */
  private RedisBroker open(String uri) {
    return open(RedisBrokerConfig.standalone(uri).build());
  }

  @Test
  void maxmemory_policy_other_than_noeviction_is_reported_as_a_warning() {
    try (LocalRedis redis = LocalRedis.builder().arg("--maxmemory-policy", "allkeys-lru").build().start();
        RedisBroker broker = open(redis.uri())) {
      ServerReport report = broker.serverReport().orElseThrow();
      assertThat(report.maxmemoryPolicy()).isEqualTo("allkeys-lru");
      assertThat(report.warnings()).anySatisfy(w -> assertThat(w)
          .contains("maxmemory-policy is allkeys-lru").contains("lost task").contains("noeviction"));
    }
  }

  @Test
  void noeviction_with_aof_always_reports_no_warning_and_no_loss_window() {
    try (LocalRedis redis = LocalRedis.builder().appendOnly("always").build().start();
        RedisBroker broker = open(redis.uri())) {
      ServerReport report = broker.serverReport().orElseThrow();
      assertThat(report.version()).isEqualTo("7.0.15");
      assertThat(report.maxmemoryPolicy()).isEqualTo("noeviction");
      assertThat(report.appendOnly()).isTrue();
      assertThat(report.appendFsync()).isEqualTo("always");
      assertThat(report.lossWindow()).isEqualTo("none");
      assertThat(report.warnings()).isEmpty();
    }
  }

  @Test
  void a_cluster_is_checked_on_every_primary() {
    LocalRedisCluster cluster = SharedRedis.cluster();
    RedisBrokerSettings settings = RedisBrokerSettings.defaults();
    try {
      // AOF on two primaries of three: the report must still say it is off
      for (int i = 0; i < 2; i++) {
        try (RespClient c = cluster.client(i)) {
          c.call("CONFIG", "SET", "appendonly", "yes");
        }
      }
      try (RedisBroker broker = open(cluster, settings)) {
        ServerReport report = broker.serverReport().orElseThrow();
        assertThat(report.version()).isEqualTo("7.0.15");
        assertThat(report.maxmemoryPolicy()).isEqualTo("noeviction");
        assertThat(report.appendOnly()).as("the third primary has no AOF").isFalse();
      }
      try (RespClient c = cluster.client(2)) {
        c.call("CONFIG", "SET", "appendonly", "yes");
      }
      try (RedisBroker broker = open(cluster, settings)) {
        assertThat(broker.serverReport().orElseThrow().appendOnly()).isTrue();
      }
    } finally {
      for (int i = 0; i < 3; i++) {
        try (RespClient c = cluster.client(i)) {
          c.call("CONFIG", "SET", "appendonly", "no");
        }
      }
    }
  }

  @Test
  void full_redis_refuses_enqueues_with_broker_full_while_workers_keep_draining() {
    try (LocalRedis redis = LocalRedis.builder().arg("--maxmemory", "4mb").build().start();
        RedisBroker broker = open(redis.uri())) {
      byte[] payload = new byte[8_000];
      int created = 0;
      BrokerFullException full = null;
      for (int i = 0; i < 2_000 && full == null; i++) {
        try {
          broker.enqueue(task("t" + i, payload));
          created++;
        } catch (BrokerFullException e) {
          full = e;
        }
      }
      assertThat(full).as("an enqueue is refused once maxmemory is reached").isNotNull();
      assertThat(created).isPositive();
      // claim and acks carry allow-oom: draining works while full
      ClaimResult claim = broker.claim(new ClaimRequest("r", List.of("q"), 50, 30_000));
      assertThat(claim.leases()).hasSize(50);
      claim.leases().forEach(l -> assertThat(broker.complete(l.token())).isEqualTo(AckStatus.OK));
      try (RespClient c = redis.client(0)) {
        c.call("FLUSHALL");
      }
      assertThat(broker.enqueue(task("after", "x".getBytes(StandardCharsets.UTF_8))).outcome())
          .isEqualTo(EnqueueOutcome.CREATED);
    }
  }

  /** A full Redis refuses a whole batch: nothing was applied, so the batch throws instead of answering UNKNOWN. */
  @Test
  void full_redis_refuses_a_whole_batch_with_broker_full() {
    try (LocalRedis redis = LocalRedis.builder().arg("--maxmemory", "4mb").build().start();
        RedisBroker broker = open(redis.uri())) {
      byte[] payload = new byte[8_000];
      boolean full = false;
      for (int i = 0; i < 2_000 && !full; i++) {
        try {
          broker.enqueue(task("t" + i, payload));
        } catch (BrokerFullException e) {
          full = true;
        }
      }
      assertThat(full).as("maxmemory reached").isTrue();
      assertThatThrownBy(() -> broker.enqueueBatch(List.of(task("b1", payload), task("b2", payload))))
          .isInstanceOf(BrokerFullException.class);
      assertThat(broker.get("q", "b1")).isEmpty();
    }
  }

  @Test
  void unreachable_redis_becomes_broker_unavailable_after_bounded_retries() {
    LocalRedis redis = LocalRedis.builder().build(); // never started: nothing listens on its port
    RedisBrokerSettings fast = RedisBrokerSettings.builder().maxAttempts(3).retryBackoff(Duration.ofMillis(10)).build();
    try (RedisBroker broker = open(RedisBrokerConfig.standalone(redis.uri()).settings(fast).build())) {
      assertThat(broker.serverReport()).isEmpty();
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> broker.enqueue(task("t", new byte[0])))
          .isInstanceOf(BrokerUnavailableException.class).hasMessageContaining("3 attempt");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("refused connections fail fast")
          .isLessThan(Duration.ofSeconds(5));
      assertThatThrownBy(() -> broker.claim(new ClaimRequest("r", List.of("q"), 1, 1_000)))
          .isInstanceOf(BrokerUnavailableException.class);
      assertThatThrownBy(broker::queues).isInstanceOf(BrokerUnavailableException.class);
    } finally {
      redis.close();
    }
  }
}
