package dev.taskbed.conformance.mutants;

import dev.taskbed.EnqueueResult;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.EnqueueRequest;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Bug: the uniqueness lock is checked in one round trip ({@code GET}) and taken in another
 * ({@code SET}) instead of atomically: two clients enqueueing the same content under different ids
 * at the same moment both find the key free and both create their task. Alone, a client never
 * notices.
 */
final class UniqueKeyRaceBroker extends ForwardingBroker {
  /** The time between checking the lock and taking it: one network round trip. */
  private static final long ROUND_TRIP_NANOS = 300_000;

  private final ConcurrentHashMap<String, Integer> checking = new ConcurrentHashMap<>();

  UniqueKeyRaceBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest r) {
    if (r.uniqueKey() == null) {
      return super.enqueue(r);
    }
    String key = r.queue() + "/" + r.uniqueKey();
    boolean anotherChecking = checking.merge(key, 1, Integer::sum) > 1;
    try {
      if (anotherChecking) {
        // It read the key free and has not taken it yet: so does this one.
        return super.enqueue(new EnqueueRequest(r.taskId(), r.queue(), r.type(), r.payload(), r.headers(), r.maxRetry(),
            r.delayMillis(), r.processAtMillis(), r.timeoutMillis(), r.deadlineMillis(), r.retentionMillis(), null, 0,
            r.contentHash(), r.nonce()));
      }
      LockSupport.parkNanos(ROUND_TRIP_NANOS);
      return super.enqueue(r);
    } finally {
      checking.merge(key, -1, (a, b) -> a + b == 0 ? null : a + b);
    }
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> rs) {
    return rs.stream().map(this::enqueue).toList();
  }
}
