package dev.taskbed.redis.redisson;

import static dev.taskbed.redis.testing.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueOutcomeUnknownException;
import dev.taskbed.EnqueueResult;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisDriver;
import dev.taskbed.redis.testing.contracts.FaultInjectionContract;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.redis.testing.SharedRedis;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link FaultInjectionContract} on the Redisson driver, plus the doubt Redisson itself creates
 * without an injected fault: a caller interrupted while it waits for a reply stops waiting at once,
 * with its command sent.
 */
class FaultInjectionIT extends FaultInjectionContract {
  @Override
  protected RedisDriver driver(RedisBrokerConfig config) {
    return RedissonBroker.driver(config);
  }

  /**
   * Runs {@code call} on a thread of its own while Redis holds writes back ({@code CLIENT PAUSE
   * WRITE}), interrupts that thread once it waits for its reply, and returns what it threw.
   */
  private static Throwable interruptedWhileWaiting(Runnable call) throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        call.run();
      } catch (Throwable t) {
        thrown.set(t);
      }
    }, "producer");
    try (RespClient c = SharedRedis.local().client(0)) {
      c.call("CLIENT", "PAUSE", "3000", "WRITE");
      try {
        caller.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (caller.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
        caller.interrupt(); // e.g. a handler enqueueing follow-up work, cancelled by its timeout
        caller.join(TimeUnit.SECONDS.toMillis(10));
      } finally {
        c.call("CLIENT", "UNPAUSE");
      }
    }
    assertThat(caller.isAlive()).isFalse();
    return thrown.get();
  }

  @Test
  void a_producer_interrupted_while_waiting_for_its_reply_is_told_outcome_unknown_not_unavailable() throws Exception {
    broker.enqueue(request("warm", "q", 0)); // registers the queue: the call below is the enqueue itself
    assertThat(interruptedWhileWaiting(() -> broker.enqueue(request("a", "q", 0))))
        .isInstanceOf(EnqueueOutcomeUnknownException.class);
    awaitTask("a");
  }

  @Test
  void a_batch_interrupted_while_waiting_for_its_reply_is_unknown_not_unavailable() throws Exception {
    broker.enqueue(request("warm", "q", 0));
    AtomicReference<List<EnqueueResult>> results = new AtomicReference<>();
    assertThat(interruptedWhileWaiting(() -> results.set(broker.enqueueBatch(List.of(request("a", "q", 0)))))).isNull();
    assertThat(results.get()).extracting(EnqueueResult::outcome).containsExactly(EnqueueOutcome.UNKNOWN);
    awaitTask("a");
  }

  /** The held-back command ran once the pause ended: "may have been applied" was the right answer. */
  private void awaitTask(String id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (broker.get("q", id).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(broker.get("q", id)).isPresent();
  }
}
