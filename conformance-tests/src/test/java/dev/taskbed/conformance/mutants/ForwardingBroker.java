package dev.taskbed.conformance.mutants;

import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.BrokerAdmin;
import dev.taskbed.spi.ForwardingBrokerAdmin;
import dev.taskbed.spi.LeaseToken;
import java.util.List;

/**
 * Passes every call to an {@link InMemoryBroker}. Each mutant extends it and overrides what its one
 * bug touches, so everything else stays correct. Batched acks go through the single-token methods,
 * so a mutant's {@code complete} or {@code extendLease} applies to batches too.
 */
class ForwardingBroker extends dev.taskbed.spi.ForwardingBroker implements ForwardingBrokerAdmin {
  protected final InMemoryBroker delegate;

  ForwardingBroker(InMemoryBroker delegate) {
    super(delegate);
    this.delegate = delegate;
  }

  @Override public List<AckStatus> completeAll(List<LeaseToken> tokens) {
    return tokens.stream().map(this::complete).toList();
  }
  @Override public List<AckStatus> extendLeases(List<LeaseToken> tokens, long durationMillis) {
    return tokens.stream().map(t -> extendLease(t, durationMillis)).toList();
  }
  @Override public BrokerAdmin adminDelegate() { return delegate; }
}
