package dev.taskbed.conformance.mutants;

import dev.taskbed.conformance.TaskRequests;
import dev.taskbed.inmemory.InMemoryBroker;
import java.util.Map;

/**
 * Bug: the broker recomputes the content hash from the fields it stores in its record and hashes
 * the headers separately (they live in their own field), so reusing an id with other headers is
 * answered {@code EXISTING} instead of {@code ID_CONFLICT}: the caller believes its new headers
 * were stored.
 */
final class HeaderBlindIdReuseBroker extends RehashingBroker {
  HeaderBlindIdReuseBroker(InMemoryBroker delegate) {
    super(delegate, r -> withHash(r, TaskRequests.contentHash(r.queue(), r.type(), r.payload(), Map.of(), r.maxRetry(),
        r.delayMillis(), r.processAtMillis(), r.timeoutMillis(), r.deadlineMillis(), r.retentionMillis(), r.uniqueForMillis())));
  }
}
