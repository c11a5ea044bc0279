package dev.taskbed.redis.redisson;

import static dev.taskbed.redis.testing.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.contracts.WakeUpHintContract;
import dev.taskbed.redis.jedis.JedisBroker;
import dev.taskbed.redis.testing.LocalRedis;
import dev.taskbed.redis.testing.RedisFixture;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.Subscription;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link WakeUpHintContract} on the Redisson backend, plus what its pattern subscription
 * ({@link HintSubscription}) must also do: hear hints published by the Jedis backend's scripts, and
 * after the subscription connection is killed or Redis restarts, tell the listeners to look for
 * work (hints may have been lost) and hear hints again.
 */
class WakeUpHintIT extends WakeUpHintContract {
  private static final RedisBrokerSettings SETTINGS = RedisBrokerSettings.defaults();

  @Override
  protected RedisBroker open(RedisBrokerConfig config) {
    return RedissonBroker.create(config);
  }

  @Test
  void enqueue_through_jedis_wakes_a_redisson_worker_single_node_and_cluster() throws InterruptedException {
    for (RedisFixture redis : List.of(SharedRedis.local(), SharedRedis.cluster())) {
      redis.flushAll();
      try (RedisBroker producer = TestBrokers.jedis(redis, SETTINGS);
          RedisBroker worker = TestBrokers.broker(redis, SETTINGS)) {
        hintsCross(producer, worker);
      }
    }
  }

  @Test
  void a_killed_subscription_connection_is_reestablished_and_listeners_are_told_to_look_for_work() throws InterruptedException {
    LocalRedis redis = SharedRedis.local();
    redis.flushAll();
    try (RedisBroker producer = TestBrokers.jedis(redis, SETTINGS);
        RedisBroker worker = TestBrokers.broker(redis, SETTINGS)) {
      Semaphore hints = new Semaphore(0);
      Subscription s = worker.onWorkAvailable(List.of("mail"), hints::release);
      try {
        assertThat(hints.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
        try (RespClient c = redis.client(0)) {
          assertThat((Long) c.call("CLIENT", "KILL", "TYPE", "pubsub")).as("killed the subscriber").isPositive();
        }
        assertThat(hints.tryAcquire(15, TimeUnit.SECONDS)).as("told to look for work after resubscribing").isTrue();
        hints.drainPermits();
        producer.enqueue(request("a", "mail", 0));
        assertThat(hints.tryAcquire(5, TimeUnit.SECONDS)).as("hints flow again").isTrue();
      } finally {
        s.close();
      }
    }
  }

  @Test
  void subscribing_while_redis_is_down_succeeds_once_redis_is_up() throws InterruptedException {
    try (LocalRedis redis = LocalRedis.builder().build()) { // not started yet
      try (RedisBroker worker = TestBrokers.broker(redis,
          RedisBrokerSettings.builder().checkServer(false).build())) {
        Semaphore hints = new Semaphore(0);
        Subscription s = worker.onWorkAvailable(List.of("mail"), hints::release);
        try {
          assertThat(hints.tryAcquire(500, TimeUnit.MILLISECONDS)).as("nothing to subscribe to yet").isFalse();
          redis.start();
          assertThat(hints.tryAcquire(20, TimeUnit.SECONDS)).as("subscribed once Redis is up").isTrue();
          hints.drainPermits();
          try (RedisBroker producer = TestBrokers.jedis(redis, SETTINGS)) {
            producer.enqueue(request("a", "mail", 0));
          }
          assertThat(hints.tryAcquire(5, TimeUnit.SECONDS)).as("hints flow").isTrue();
        } finally {
          s.close();
        }
      }
    }
  }
}
