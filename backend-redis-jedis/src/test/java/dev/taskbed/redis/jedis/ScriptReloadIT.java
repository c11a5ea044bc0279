package dev.taskbed.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code NOSCRIPT} after {@code SCRIPT FLUSH} (or a restart) is answered by reloading, invisibly to callers. */
class ScriptReloadIT {
  private final LocalRedis redis = SharedRedis.local();

  @BeforeEach
  void flush() {
    redis.flushAll();
  }

  private void scriptFlush() {
    try (RespClient c = redis.client(0)) {
      c.call("SCRIPT", "FLUSH");
      assertThat(c.call("SCRIPT", "EXISTS", dev.taskbed.redis.Script.CLAIM.sha())).isEqualTo(List.of(0L));
    }
  }

  @Test
  void everyOperation_afterScriptFlush_reloadsTheScriptAndSucceeds() {
    try (JedisBroker broker = TestBrokers.broker(redis, RedisBrokerSettings.defaults())) {
      assertThat(broker.enqueue(JedisBrokerSmokeIT.request("a", "q", 0)).outcome()).isEqualTo(EnqueueOutcome.CREATED);
      scriptFlush();
      assertThat(broker.enqueue(JedisBrokerSmokeIT.request("b", "q", 0)).outcome()).isEqualTo(EnqueueOutcome.CREATED);
      scriptFlush();
      ClaimResult claim = broker.claim(new ClaimRequest("r", List.of("q"), 2, 30_000));
      assertThat(claim.leases()).hasSize(2);
      scriptFlush();
      assertThat(broker.complete(claim.leases().get(0).token())).isEqualTo(AckStatus.OK);
      scriptFlush();
      assertThat(broker.extendLeases(List.of(claim.leases().get(1).token()), 10_000)).containsExactly(AckStatus.OK);
      scriptFlush();
      assertThat(broker.stats("q").active()).isEqualTo(1);
      try (RespClient c = redis.client(0)) {
        assertThat(c.call("SCRIPT", "EXISTS", dev.taskbed.redis.Script.STATS.sha())).isEqualTo(List.of(1L));
      }
    }
  }

  @Test
  void pipelinedBatchEnqueue_afterScriptFlush_reloadsAndKeepsOrder() {
    try (JedisBroker broker = TestBrokers.broker(redis,
        RedisBrokerSettings.builder().enqueueChunk(3).build())) {
      broker.enqueue(JedisBrokerSmokeIT.request("warm", "q", 0));
      scriptFlush();
      List<EnqueueRequest> batch = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        batch.add(JedisBrokerSmokeIT.request("t" + i, i % 2 == 0 ? "q" : "p", 0));
      }
      List<EnqueueResult> results = broker.enqueueBatch(batch);
      assertThat(results).extracting(EnqueueResult::outcome).containsOnly(EnqueueOutcome.CREATED);
      assertThat(broker.list("q", dev.taskbed.TaskState.PENDING, 0, 100).items())
          .extracting(t -> t.id()).containsExactly("warm", "t0", "t2", "t4", "t6", "t8");
    }
  }
}
