package dev.taskbed.redis.redisson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.TaskState;
import dev.taskbed.env.ManualClock;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedissonBrokerSmokeIT {
  private final LocalRedis redis = SharedRedis.local();
  private final ManualClock clock = new ManualClock();

  @BeforeEach
  void flush() {
    redis.flushAll();
  }

  static EnqueueRequest request(String id, String queue, long delay) {
    return new EnqueueRequest(id, queue, "t", ("p-" + id).getBytes(StandardCharsets.UTF_8), Map.of("h", "v"), 2, delay, 0,
        0, 0, 0, null, 0, "hash-" + id, 42L);
  }

  @Test
  void enqueue_claim_complete_roundTrip() {
    try (RedissonBroker broker = TestBrokers.broker(redis, RedisBrokerSettings.builder().clock(clock).build())) {
      assertThat(broker.enqueue(request("a", "q", 0)).outcome()).isEqualTo(EnqueueOutcome.CREATED);
      assertThat(broker.enqueue(request("a", "q", 0)).outcome()).isEqualTo(EnqueueOutcome.EXISTING);
      assertThat(broker.get("q", "a")).get().extracting(t -> t.state()).isEqualTo(TaskState.PENDING);
      ClaimResult claim = broker.claim(new ClaimRequest("r1", List.of("q"), 5, 30_000));
      assertThat(claim.leases()).hasSize(1);
      assertThat(claim.leases().get(0).task().headers()).containsEntry("h", "v");
      assertThat(claim.leases().get(0).token().nonce()).isEqualTo(42L);
      clock.advance(Duration.ofSeconds(1));
      assertThat(broker.complete(claim.leases().get(0).token())).isEqualTo(AckStatus.OK);
      assertThat(broker.complete(claim.leases().get(0).token())).isEqualTo(AckStatus.ALREADY_APPLIED);
      assertThat(broker.get("q", "a")).isEmpty();
      assertThat(broker.queues()).containsExactly("q");
      assertThat(broker.serverReport()).get().satisfies(r -> assertThat(r.version()).startsWith("7."));
    }
  }
}
