package dev.taskbed.conformance.mutants;

import dev.taskbed.conformance.TaskRequests;
import dev.taskbed.inmemory.InMemoryBroker;

/**
 * Bug: the broker recomputes the content hash over the options it schedules by and leaves out the
 * retention (only used after completion), so reusing an id with another retention is answered
 * {@code EXISTING} instead of {@code ID_CONFLICT}.
 */
final class RetentionBlindIdReuseBroker extends RehashingBroker {
  RetentionBlindIdReuseBroker(InMemoryBroker delegate) {
    super(delegate, r -> withHash(r, TaskRequests.contentHash(r.queue(), r.type(), r.payload(), r.headers(), r.maxRetry(),
        r.delayMillis(), r.processAtMillis(), r.timeoutMillis(), r.deadlineMillis(), 0, r.uniqueForMillis())));
  }
}
