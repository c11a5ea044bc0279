package dev.taskbed.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.env.ManualClock;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.BrokerPolicy;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.Lease;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tombstones, claim records and uniqueness locks disappear from Redis once they stop being in effect. */
class BoundedMemoryIT {
  private final LocalRedis redis = SharedRedis.local();
  private final ManualClock clock = new ManualClock();

  @BeforeEach
  void flush() {
    redis.flushAll();
  }

  private static long size(RespClient c, String type, String part) {
    // the documented key schema (package dev.taskbed.redis): every key of queue q is taskbed:{q}:<part>
    return (Long) c.call(type, "taskbed:{q}:" + part);
  }

  @Test
  void expired_tombstones_claims_and_locks_are_dropped_by_purge_and_by_later_writes() {
    BrokerPolicy policy = new BrokerPolicy(10, Duration.ofDays(1), Duration.ofMinutes(10));
    try (RedisBroker broker = TestBrokers.broker(redis, RedisBrokerSettings.builder().clock(clock).policy(policy).build());
        RespClient c = redis.client(0)) {
      for (int i = 0; i < 300; i++) {
        broker.enqueue(new EnqueueRequest("t" + i, "q", "t", ("p" + i).getBytes(StandardCharsets.UTF_8), Map.of(), 0, 0, 0,
            0, 0, 0, "u" + i, 60_000, "h" + i, i));
      }
      for (int round = 0; round < 30; round++) {
        for (Lease l : broker.claim(new ClaimRequest("r" + round, List.of("q"), 10, 30_000)).leases()) {
          assertThat(broker.complete(l.token())).isEqualTo(AckStatus.OK);
        }
      }
      assertThat(size(c, "HLEN", "tasks")).as("300 tombstones").isEqualTo(300);
      assertThat(size(c, "LLEN", "tombs")).isEqualTo(300);
      assertThat(size(c, "HLEN", "claims")).isEqualTo(30);
      assertThat(size(c, "HLEN", "uniq")).as("completion released the locks").isZero();

      clock.advance(Duration.ofMinutes(11));
      broker.purgeExpired("q", 100);
      assertThat(size(c, "HLEN", "tasks")).as("purge drops cleanupBatch (1000) expired entries per call").isZero();
      assertThat(size(c, "LLEN", "tombs")).isZero();
      assertThat(size(c, "HLEN", "claims")).isZero();
      assertThat(size(c, "ZCARD", "expiry")).isZero();

      // without purge: every write that creates such an entry drops two expired ones
      broker.enqueue(new EnqueueRequest("x", "q", "t", new byte[0], Map.of(), 0, 0, 0, 0, 0, 0, "ux", 1_000, "hx", 1));
      clock.advance(Duration.ofSeconds(2));
      for (int i = 0; i < 5; i++) {
        broker.enqueue(new EnqueueRequest("y" + i, "q", "t", new byte[0], Map.of(), 0, 0, 0, 0, 0, 0, null, 0, "hy", 1));
      }
      assertThat(size(c, "HLEN", "uniq")).as("the expired lock of x is gone").isZero();
    }
  }
}
