package dev.taskbed.redis.it;

import static dev.taskbed.redis.testing.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.redis.AbstractRedisBroker;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.RedisFixture;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.Subscription;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Enqueues through one broker wake listeners registered on another, on a single node and on a cluster. */
public abstract class WakeUpHintContract extends RedisBrokerContract {

  /**
   * Registers two listeners on {@code worker} and checks what they hear: each one hint once the
   * subscription is established (hints may have been missed before), then a hint for the first
   * pending task and for a new earliest scheduled task of its own queue, and none for another
   * queue's. {@code producer} may be of either backend: the scripts publish the hints.
   */
  protected static void hintsCross(Broker producer, Broker worker) throws InterruptedException {
    Semaphore mail = new Semaphore(0);
    Semaphore other = new Semaphore(0);
    Subscription a = worker.onWorkAvailable(List.of("mail"), mail::release);
    Subscription b = worker.onWorkAvailable(List.of("other"), other::release);
    try {
      assertThat(mail.tryAcquire(10, TimeUnit.SECONDS)).as("a hint on (re)subscription").isTrue();
      assertThat(other.tryAcquire(10, TimeUnit.SECONDS)).as("a hint on (re)subscription").isTrue();
      Thread.sleep(200); // in a cluster, the pattern is subscribed on every primary
      mail.drainPermits();
      other.drainPermits();
      producer.enqueue(request("a", "mail", 0));
      assertThat(mail.tryAcquire(5, TimeUnit.SECONDS)).as("a hint for the first pending task").isTrue();
      assertThat(other.tryAcquire(200, TimeUnit.MILLISECONDS)).as("no hint for another queue").isFalse();
      producer.enqueue(request("b", "mail", 60_000));
      assertThat(mail.tryAcquire(5, TimeUnit.SECONDS)).as("a hint for a new earliest scheduled task").isTrue();
    } finally {
      a.close();
      b.close();
    }
  }

  private void hintsCrossBrokers(RedisFixture redis) throws InterruptedException {
    redis.flushAll();
    try (AbstractRedisBroker worker = open(redis, RedisBrokerSettings.defaults());
        AbstractRedisBroker producer = open(redis, RedisBrokerSettings.defaults())) {
      hintsCross(producer, worker);
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
