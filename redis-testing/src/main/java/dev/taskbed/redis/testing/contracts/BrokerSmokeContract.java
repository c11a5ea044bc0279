package dev.taskbed.redis.testing.contracts;

import static dev.taskbed.redis.testing.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.TaskState;
import dev.taskbed.env.ManualClock;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One task through enqueue, claim and complete on a single node: the first thing to break. */
public abstract class BrokerSmokeContract extends RedisBrokerContract {
  private final LocalRedis redis = SharedRedis.local();
  private final ManualClock clock = new ManualClock();

  @BeforeEach
  void flush() {
    redis.flushAll();
  }

  @Test
  void one_task_goes_through_enqueue_claim_and_complete() {
    try (RedisBroker broker = open(redis, RedisBrokerSettings.builder().clock(clock).build())) {
      assertThat(broker.enqueue(request("a", "q", 0)).outcome()).isEqualTo(EnqueueOutcome.CREATED);
      assertThat(broker.enqueue(request("a", "q", 0)).outcome()).isEqualTo(EnqueueOutcome.EXISTING);
      assertThat(broker.get("q", "a")).get().extracting(t -> t.state()).isEqualTo(TaskState.PENDING);
      ClaimResult claim = broker.claim(new ClaimRequest("r1", List.of("q"), 5, 30_000));
      assertThat(claim.leases()).hasSize(1);
      Lease lease = claim.leases().get(0);
      assertThat(lease.task().headers()).containsEntry("h", "v");
      assertThat(lease.token().nonce()).isEqualTo(42L);
      clock.advance(Duration.ofSeconds(1));
      assertThat(broker.complete(lease.token())).isEqualTo(AckStatus.OK);
      assertThat(broker.complete(lease.token())).isEqualTo(AckStatus.ALREADY_APPLIED);
      assertThat(broker.get("q", "a")).isEmpty();
      assertThat(broker.queues()).containsExactly("q");
      assertThat(broker.serverReport()).get().satisfies(r -> assertThat(r.version()).startsWith("7."));
    }
  }
}
