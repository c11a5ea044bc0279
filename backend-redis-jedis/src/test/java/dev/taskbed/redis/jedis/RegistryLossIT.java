package dev.taskbed.redis.jedis;

import static dev.taskbed.redis.testing.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.spi.ClaimRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Redis loses its data (here {@code FLUSHALL}; in the chaos suite a restart without persistence),
 * and with it the queue registry that maintenance walks. A producer whose registration is cached
 * keeps enqueueing without registering again, so the registry stays empty; a worker that claimed
 * from the queue must still list it, or the task whose lease then expires is never recovered.
 */
class RegistryLossIT {

  @Test
  void after_redis_lost_its_data_a_worker_still_maintains_the_queues_it_claimed_from() throws Exception {
    try (LocalRedis redis = LocalRedis.startDefault();
        RedisBroker producer = TestBrokers.broker(redis, RedisBrokerSettings.defaults());
        RedisBroker worker = TestBrokers.broker(redis, RedisBrokerSettings.defaults())) {
      producer.enqueue(request("before", "q", 0));
      try (RespClient c = redis.client(0)) {
        c.call("FLUSHALL");
      }
      producer.enqueue(request("after", "q", 0)); // registration cached: no SADD
      assertThat(worker.claim(new ClaimRequest("r1", List.of("q"), 1, 100)).leases()).hasSize(1);
      try (RespClient c = redis.client(0)) {
        assertThat((List<?>) c.call("SMEMBERS", "taskbed:queues")).as("the registry is gone").isEmpty();
      }

      assertThat(worker.queues()).containsExactly("q");
      Thread.sleep(200); // the lease expires
      assertThat(worker.recoverExpiredLeases("q", 10, 0).processed()).isEqualTo(1);
    }
  }
}
