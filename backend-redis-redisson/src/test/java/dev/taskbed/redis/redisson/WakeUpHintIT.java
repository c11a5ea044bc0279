package dev.taskbed.redis.redisson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.jedis.JedisBroker;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.RedisFixture;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.Subscription;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Wake-up hints through Redisson's pattern subscription: published by either backend's scripts,
 * heard by a Redisson broker's listeners; and after the subscription connection is killed or Redis
 * restarts, the listeners are told to look for work (hints may have been lost) and hear hints again.
 */
class WakeUpHintIT {
  private static final RedisBrokerSettings SETTINGS = RedisBrokerSettings.defaults();

  private static void hintsCross(Broker producer, RedissonBroker worker) throws InterruptedException {
    Semaphore mail = new Semaphore(0);
    Semaphore other = new Semaphore(0);
    Subscription a = worker.onWorkAvailable(List.of("mail"), mail::release);
    Subscription b = worker.onWorkAvailable(List.of("other"), other::release);
    try {
      assertThat(mail.tryAcquire(10, TimeUnit.SECONDS)).as("a hint once subscribed").isTrue();
      Thread.sleep(200); // in a cluster, the pattern is subscribed on every primary
      mail.drainPermits();
      other.drainPermits();
      producer.enqueue(RedissonBrokerSmokeIT.request("a", "mail", 0));
      assertThat(mail.tryAcquire(5, TimeUnit.SECONDS)).as("a hint for the first pending task").isTrue();
      assertThat(other.tryAcquire(200, TimeUnit.MILLISECONDS)).as("no hint for another queue").isFalse();
      producer.enqueue(RedissonBrokerSmokeIT.request("b", "mail", 60_000));
      assertThat(mail.tryAcquire(5, TimeUnit.SECONDS)).as("a hint for a new earliest scheduled task").isTrue();
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void enqueueThroughJedis_wakesARedissonWorker_singleNodeAndCluster() throws InterruptedException {
    for (RedisFixture redis : List.of(SharedRedis.local(), SharedRedis.cluster())) {
      redis.flushAll();
      try (JedisBroker producer = TestBrokers.jedis(redis, SETTINGS);
          RedissonBroker worker = TestBrokers.broker(redis, SETTINGS)) {
        hintsCross(producer, worker);
      }
    }
  }

  @Test
  void enqueueThroughRedisson_wakesARedissonWorker_cluster() throws InterruptedException {
    RedisFixture redis = SharedRedis.cluster();
    redis.flushAll();
    try (RedissonBroker producer = TestBrokers.broker(redis, SETTINGS);
        RedissonBroker worker = TestBrokers.broker(redis, SETTINGS)) {
      hintsCross(producer, worker);
    }
  }

  @Test
  void aKilledSubscriptionConnection_isReestablished_andListenersAreToldToLookForWork() throws InterruptedException {
    LocalRedis redis = SharedRedis.local();
    redis.flushAll();
    try (JedisBroker producer = TestBrokers.jedis(redis, SETTINGS);
        RedissonBroker worker = TestBrokers.broker(redis, SETTINGS)) {
      Semaphore hints = new Semaphore(0);
      Subscription s = worker.onWorkAvailable(List.of("mail"), hints::release);
      try {
        assertThat(hints.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        try (RespClient c = redis.client(0)) {
          assertThat((Long) c.call("CLIENT", "KILL", "TYPE", "pubsub")).as("killed the subscriber").isPositive();
        }
        assertThat(hints.tryAcquire(15, TimeUnit.SECONDS)).as("told to look for work after resubscribing").isTrue();
        hints.drainPermits();
        producer.enqueue(RedissonBrokerSmokeIT.request("a", "mail", 0));
        assertThat(hints.tryAcquire(5, TimeUnit.SECONDS)).as("hints flow again").isTrue();
      } finally {
        s.close();
      }
    }
  }

  @Test
  void subscribingWhileRedisIsDown_succeedsOnceRedisIsUp() throws InterruptedException {
    try (LocalRedis redis = LocalRedis.builder().build()) { // not started yet
      try (RedissonBroker worker = TestBrokers.broker(redis,
          RedisBrokerSettings.builder().checkServer(false).build())) {
        Semaphore hints = new Semaphore(0);
        Subscription s = worker.onWorkAvailable(List.of("mail"), hints::release);
        try {
          assertThat(hints.tryAcquire(500, TimeUnit.MILLISECONDS)).as("nothing to subscribe to yet").isFalse();
          redis.start();
          assertThat(hints.tryAcquire(20, TimeUnit.SECONDS)).as("subscribed once Redis is up").isTrue();
          hints.drainPermits();
          try (JedisBroker producer = TestBrokers.jedis(redis, SETTINGS)) {
            producer.enqueue(RedissonBrokerSmokeIT.request("a", "mail", 0));
          }
          assertThat(hints.tryAcquire(5, TimeUnit.SECONDS)).as("hints flow").isTrue();
        } finally {
          s.close();
        }
      }
    }
  }
}
