package dev.taskbed.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.RedisFixture;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.Subscription;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Enqueues through one broker wake listeners registered on another, on a single node and on a cluster. */
class WakeUpHintIT {

  private static void hintsCrossBrokers(RedisFixture redis) throws InterruptedException {
    redis.flushAll();
    try (JedisBroker worker = TestBrokers.broker(redis, RedisBrokerSettings.defaults());
        JedisBroker producer = TestBrokers.broker(redis, RedisBrokerSettings.defaults())) {
      Semaphore hints = new Semaphore(0);
      Semaphore other = new Semaphore(0);
      Subscription mail = worker.onWorkAvailable(List.of("mail"), hints::release);
      Subscription others = worker.onWorkAvailable(List.of("other"), other::release);
      try {
        // every listener hears once that the subscription is (re)established: hints may have been missed
        assertThat(hints.tryAcquire(5, TimeUnit.SECONDS)).as("a hint on (re)subscription").isTrue();
        assertThat(other.tryAcquire(5, TimeUnit.SECONDS)).as("a hint on (re)subscription").isTrue();
        other.drainPermits();
        hints.drainPermits();
        producer.enqueue(JedisBrokerSmokeIT.request("a", "mail", 0));
        assertThat(hints.tryAcquire(5, TimeUnit.SECONDS)).as("a hint for the first pending task").isTrue();
        assertThat(other.tryAcquire(200, TimeUnit.MILLISECONDS)).as("no hint for another queue").isFalse();
        producer.enqueue(JedisBrokerSmokeIT.request("b", "mail", 60_000));
        assertThat(hints.tryAcquire(5, TimeUnit.SECONDS)).as("a hint for a new earliest scheduled task").isTrue();
      } finally {
        mail.close();
        others.close();
      }
    }
  }

  @Test
  void enqueueOnOneBroker_wakesListenersOnAnother_singleNode() throws InterruptedException {
    hintsCrossBrokers(SharedRedis.local());
  }

  @Test
  void enqueueOnOneBroker_wakesListenersOnAnother_cluster() throws InterruptedException {
    hintsCrossBrokers(SharedRedis.cluster());
  }
}
