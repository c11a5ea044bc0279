package dev.taskbed.conformance.mutants;

import dev.taskbed.EnqueueResult;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.EnqueueRequest;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A broker that compares id reuse by a content hash of its own instead of the client's: it stores
 * {@code rehash(request)}'s hash, so two requests whose contents differ only where that hash does
 * not look are taken for the same task ({@code EXISTING} instead of {@code ID_CONFLICT}). The
 * mutants that extend it each leave one part of the content out.
 */
abstract class RehashingBroker extends ForwardingBroker {
  private final UnaryOperator<EnqueueRequest> rehash;

  RehashingBroker(InMemoryBroker delegate, UnaryOperator<EnqueueRequest> rehash) {
    super(delegate);
    this.rehash = rehash;
  }

  static EnqueueRequest withHash(EnqueueRequest r, String hash) {
    return new EnqueueRequest(r.taskId(), r.queue(), r.type(), r.payload(), r.headers(), r.maxRetry(), r.delayMillis(),
        r.processAtMillis(), r.timeoutMillis(), r.deadlineMillis(), r.retentionMillis(), r.uniqueKey(), r.uniqueForMillis(),
        hash, r.nonce());
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest r) {
    return super.enqueue(rehash.apply(r));
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> rs) {
    return super.enqueueBatch(rs.stream().map(rehash).toList());
  }
}
