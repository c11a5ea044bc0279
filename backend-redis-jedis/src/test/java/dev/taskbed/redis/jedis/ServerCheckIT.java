package dev.taskbed.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.BrokerFullException;
import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.EnqueueOutcome;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.ServerReport;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start-up checks, out-of-memory behaviour and an unreachable server, each on its own Redis. */
class ServerCheckIT {

  @Test
  void maxmemoryPolicyOtherThanNoeviction_isReportedAsAWarning() {
    try (LocalRedis redis = LocalRedis.builder().arg("--maxmemory-policy", "allkeys-lru").build().start();
        JedisBroker broker = JedisBroker.create(redis.uri())) {
      ServerReport report = broker.serverReport().orElseThrow();
      assertThat(report.maxmemoryPolicy()).isEqualTo("allkeys-lru");
      assertThat(report.warnings()).anySatisfy(w -> assertThat(w)
          .contains("maxmemory-policy is allkeys-lru").contains("lost task").contains("noeviction"));
    }
  }

  @Test
  void noevictionWithAofAlways_reportsNoWarningAndNoLossWindow() {
    try (LocalRedis redis = LocalRedis.builder().appendOnly("always").build().start();
        JedisBroker broker = JedisBroker.create(redis.uri())) {
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
  void fullRedis_refusesEnqueuesWithBrokerFull_whileWorkersKeepDraining() {
    try (LocalRedis redis = LocalRedis.builder().arg("--maxmemory", "4mb").build().start();
        JedisBroker broker = JedisBroker.create(redis.uri())) {
      byte[] payload = new byte[8_000];
      int created = 0;
      BrokerFullException full = null;
      for (int i = 0; i < 2_000 && full == null; i++) {
        try {
          broker.enqueue(new EnqueueRequest("t" + i, "q", "t", payload, Map.of(), 0, 0, 0, 0, 0, 0, null, 0, "h" + i, i));
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
      assertThat(broker.enqueue(new EnqueueRequest("after", "q", "t", "x".getBytes(StandardCharsets.UTF_8), Map.of(), 0,
          0, 0, 0, 0, 0, null, 0, "h", 1)).outcome()).isEqualTo(EnqueueOutcome.CREATED);
    }
  }

  @Test
  void unreachableRedis_becomesBrokerUnavailable_afterBoundedRetries() {
    LocalRedis redis = LocalRedis.builder().build(); // never started: nothing listens on its port
    RedisBrokerSettings fast = RedisBrokerSettings.builder().maxAttempts(3).retryBackoff(Duration.ofMillis(10)).build();
    try (JedisBroker broker = JedisBroker.create(RedisBrokerConfig.standalone(redis.uri()).settings(fast).build())) {
      assertThat(broker.serverReport()).isEmpty();
      assertThatThrownBy(() -> broker.enqueue(new EnqueueRequest("t", "q", "t", new byte[0], Map.of(), 0, 0, 0, 0, 0, 0,
          null, 0, "h", 1))).isInstanceOf(BrokerUnavailableException.class).hasMessageContaining("3 attempt");
      assertThatThrownBy(() -> broker.claim(new ClaimRequest("r", List.of("q"), 1, 1_000)))
          .isInstanceOf(BrokerUnavailableException.class);
      assertThatThrownBy(broker::queues).isInstanceOf(BrokerUnavailableException.class);
    } finally {
      redis.close();
    }
  }
}
