package dev.taskbed.conformance.mutants;

import dev.taskbed.EnqueueResult;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.EnqueueRequest;
import java.util.List;

/**
 * Bug: the uniqueness lock ignores {@code uniqueFor} and is held until the task finishes, so a
 * legitimate new task is refused as a duplicate long after the window closed.
 */
final class UniqueForIgnoringBroker extends ForwardingBroker {
  private static final long FOREVER = Long.MAX_VALUE / 4;

  UniqueForIgnoringBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  private static EnqueueRequest lockForever(EnqueueRequest r) {
    if (r.uniqueKey() == null) {
      return r;
    }
    return new EnqueueRequest(r.taskId(), r.queue(), r.type(), r.payload(), r.headers(), r.maxRetry(), r.delayMillis(),
        r.processAtMillis(), r.timeoutMillis(), r.deadlineMillis(), r.retentionMillis(), r.uniqueKey(), FOREVER,
        r.contentHash(), r.nonce());
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest r) {
    return super.enqueue(lockForever(r));
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> rs) {
    return super.enqueueBatch(rs.stream().map(UniqueForIgnoringBroker::lockForever).toList());
  }
}
