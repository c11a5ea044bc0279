package dev.taskbed.conformance.mutants;

import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.MaintenanceResult;

/**
 * Bug: forwarding due tasks to PENDING is treated as housekeeping and publishes nothing, so idle
 * workers keep sleeping while the forwarded tasks wait in PENDING.
 */
final class NoHintOnForwardBroker extends HintMutingBroker {
  NoHintOnForwardBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public MaintenanceResult forwardDue(String queue, int limit) {
    return muted(() -> super.forwardDue(queue, limit));
  }
}
