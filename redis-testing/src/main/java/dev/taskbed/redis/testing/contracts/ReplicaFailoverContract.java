package dev.taskbed.redis.testing.contracts;

import static dev.taskbed.redis.testing.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.spi.ClaimRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code READONLY} is a transient refusal, not an error: a broker pointed at a replica (as clients
 * are for a moment after a failover) retries until the node is promoted, then succeeds. The client
 * library's own retries are off (Redisson's included), so it is the broker's retry that waits.
 */
public abstract class ReplicaFailoverContract extends RedisBrokerContract {

  @Test
  void readonly_replies_are_retried_until_the_replica_is_promoted() throws Exception {
    try (LocalRedis primary = LocalRedis.startDefault();
        LocalRedis replica = LocalRedis.builder().build()) {
      replica.start();
      try (RespClient c = replica.client(0)) {
        c.call("REPLICAOF", "127.0.0.1", primary.port());
      }
      RedisBrokerSettings patient = RedisBrokerSettings.builder()
          .maxAttempts(12).retryBackoff(Duration.ofMillis(50)).maxRetryBackoff(Duration.ofMillis(200)).build();
      try (RedisBroker broker = open(replica, patient)) {
        Thread promote = new Thread(() -> {
          try {
            Thread.sleep(400);
          } catch (InterruptedException e) {
            return;
          }
          try (RespClient c = replica.client(0)) {
            c.call("REPLICAOF", "NO", "ONE");
          }
        });
        promote.start();
        long t0 = System.nanoTime();
        assertThat(broker.enqueue(request("a", "q", 0)).outcome()).isEqualTo(EnqueueOutcome.CREATED);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("it waited for the promotion")
            .isGreaterThan(Duration.ofMillis(300));
        promote.join();
        assertThat(broker.claim(new ClaimRequest("r", List.of("q"), 1, 10_000)).leases()).hasSize(1);
      }
    }
  }
}
