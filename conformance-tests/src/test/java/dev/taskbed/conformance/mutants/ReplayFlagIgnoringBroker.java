package dev.taskbed.conformance.mutants;

import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;

/**
 * Bug: the backend never learned the {@code replay} flag: a resend consults each queue's record
 * only when it reaches that queue, so a resend that fills up on a queue listed earlier (new tasks
 * arrived there, or the order changed) never returns the leases granted in a later one; they sit
 * ACTIVE with no worker until they expire.
 */
final class ReplayFlagIgnoringBroker extends ForwardingBroker {
  ReplayFlagIgnoringBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public ClaimResult claim(ClaimRequest r) {
    return super.claim(new ClaimRequest(r.requestId(), r.queues(), r.maxTasks(), r.leaseMillis(), false));
  }
}
