package dev.taskbed.redis.testing.contracts;

import static dev.taskbed.redis.testing.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.RedisFixture;
import dev.taskbed.redis.testing.SharedRedis;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.Subscription;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/** Enqueues through one broker wake listeners registered on another, on a single node and on a cluster. */
public abstract class WakeUpHintContract extends RedisBrokerContract {
  /** Tries of a hint-producing enqueue, each waited for this long: a hint may be lost (Broker#onWorkAvailable). */
  private static final int TRIES = 5;
  private static final long WAIT_PER_TRY_MILLIS = 2_000;

  /**
   * Registers two listeners on {@code worker} and checks what they hear from {@code producer}'s
   * enqueues (either backend: the scripts publish the hints): one for the first pending task and
   * one for a new earliest scheduled task of the listener's own queue, and none for another
   * queue's.
   *
   * <p>What may be waited for: the first listener makes the broker subscribe, so it is told to look
   * for work once the subscription is up (the broker tells every listener registered by then). The
   * second one is registered after that, as a listener registered at any time may be: it is owed no
   * such hint (waiting for one made this test fail on a loaded machine, when the subscription came
   * up between the two registrations). Every hint after that is told apart by counting: a hint for
   * all listeners (a resubscription) reaches the first listener before the second, so the second
   * has heard a hint for its own queue exactly when its count has grown past the first one's. A
   * broker that woke the other queue's listener too would never get there.
   */
  protected static void hintsCross(RedisBroker producer, Broker worker) throws InterruptedException {
    AtomicInteger other = new AtomicInteger();
    AtomicInteger mail = new AtomicInteger();
    Subscription b = worker.onWorkAvailable(List.of("other"), other::incrementAndGet);
    Subscription a = null;
    try {
      awaitAtLeastOne(other, "the listener registered before the subscription is told once it is up");
      a = worker.onWorkAvailable(List.of("mail"), mail::incrementAndGet);
      assertThat(heardOwnHint(mail, other, k -> {
        if (k > 0) {
          producer.delete("mail", "a" + (k - 1)); // empty again, so the next one is the first pending task
        }
        producer.enqueue(request("a" + k, "mail", 0));
      })).as("a hint for the first pending task, for mail's listener only").isTrue();
      assertThat(heardOwnHint(mail, other, k -> producer.enqueue(request("b" + k, "mail", 60_000 - k * 1_000))))
          .as("a hint for a new earliest scheduled task, for mail's listener only").isTrue();
    } finally {
      if (a != null) {
        a.close();
      }
      b.close();
    }
  }

  private static void awaitAtLeastOne(AtomicInteger hints, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (hints.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(hints.get()).as(what).isPositive();
  }

  /**
   * Whether {@code own} comes to have heard a hint that {@code reference} (registered earlier) has
   * not, running {@code cause} (with its try number) again while none arrives. {@code own} is read
   * before {@code reference}, so a hint for all listeners that {@code own} has counted is always
   * counted in {@code reference} too.
   */
  private static boolean heardOwnHint(AtomicInteger own, AtomicInteger reference, IntConsumer cause)
      throws InterruptedException {
    int o = own.get();
    long before = o - reference.get();
    for (int k = 0; k < TRIES; k++) {
      cause.accept(k);
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_PER_TRY_MILLIS);
      while (System.nanoTime() < deadline) {
        o = own.get();
        if (o - reference.get() > before) {
          return true;
        }
        Thread.sleep(5);
      }
    }
    return false;
  }

  private void hintsCrossBrokers(RedisFixture redis) throws InterruptedException {
    redis.flushAll();
    try (RedisBroker worker = open(redis, RedisBrokerSettings.defaults());
        RedisBroker producer = open(redis, RedisBrokerSettings.defaults())) {
      hintsCross(producer, worker);
    }
  }

  @Test
  void enqueue_on_one_broker_wakes_listeners_on_another_single_node() throws InterruptedException {
    hintsCrossBrokers(SharedRedis.local());
  }

  @Test
  void enqueue_on_one_broker_wakes_listeners_on_another_cluster() throws InterruptedException {
    hintsCrossBrokers(SharedRedis.cluster());
  }
}
