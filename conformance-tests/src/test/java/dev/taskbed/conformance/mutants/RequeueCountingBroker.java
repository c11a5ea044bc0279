package dev.taskbed.conformance.mutants;

import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.LeaseToken;

/**
 * Bug: requeue goes through the failure-retry path with no delay, so giving a task back (shutdown)
 * counts an attempt against its retries.
 */
final class RequeueCountingBroker extends ForwardingBroker {
  RequeueCountingBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public AckStatus requeue(LeaseToken token) {
    return super.retry(token, 0, null, true);
  }
}
