package dev.taskbed.runtime;

import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.EnqueueOutcomeUnknownException;
import dev.taskbed.EnqueueResult;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.EnqueueRequest;

/**
 * A broker decorator whose faults tests switch on and off: a partitioned worker (every call fails
 * before reaching the broker), lost enqueue replies (applied, then reported unknown).
 */
final class FlakyBroker extends ForwardingBroker {
  volatile boolean partitioned;
  volatile int loseNextEnqueueReplies;
  volatile int enqueueCalls;

  FlakyBroker(Broker target) {
    super(target);
  }

  @Override
  protected void beforeCall() {
    if (partitioned) {
      throw new BrokerUnavailableException("partitioned (test fault)");
    }
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    enqueueCalls++;
    EnqueueResult r = super.enqueue(request);
    if (loseNextEnqueueReplies > 0) {
      loseNextEnqueueReplies--;
      throw new EnqueueOutcomeUnknownException(request.queue(), request.taskId(), new RuntimeException("reply lost (test fault)"));
    }
    return r;
  }
}
