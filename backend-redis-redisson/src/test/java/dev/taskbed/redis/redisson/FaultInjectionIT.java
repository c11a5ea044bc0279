package dev.taskbed.redis.redisson;

import static dev.taskbed.redis.testing.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueOutcomeUnknownException;
import dev.taskbed.EnqueueResult;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisDriver;
import dev.taskbed.redis.it.FaultInjectionContract;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link FaultInjectionContract} on the Redisson driver, plus the doubt Redisson itself creates
 * without any injected fault: an interrupted caller's wait for a reply ends at once, with the
 * command possibly sent.
 */
class FaultInjectionIT extends FaultInjectionContract {
  @Override
  protected RedisDriver driver(RedisBrokerConfig config) {
    return RedissonBroker.driver(config);
  }

  @Test
  void anInterruptedProducer_isToldOutcomeUnknown_notUnavailable() {
    Thread.currentThread().interrupt(); // e.g. a handler enqueueing follow-up work, cancelled by its timeout
    assertThatThrownBy(() -> broker.enqueue(request("a", "q", 0))).isInstanceOf(EnqueueOutcomeUnknownException.class);
    assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
  }

  @Test
  void anInterruptedProducersBatch_isUnknown_notUnavailable() {
    Thread.currentThread().interrupt();
    List<EnqueueResult> results = broker.enqueueBatch(List.of(request("a", "q", 0)));
    assertThat(Thread.interrupted()).isTrue();
    assertThat(results).extracting(EnqueueResult::outcome).containsExactly(EnqueueOutcome.UNKNOWN);
  }
}
