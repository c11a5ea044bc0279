package dev.taskbed.conformance.mutants;

import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.LeaseToken;

/**
 * Bug: only scripts that touch PENDING publish the wake-up, and retry writes to the RETRY set: a
 * worker sleeping until the next due time never learns that a retry with a shorter backoff is due
 * sooner, and the task waits for the fallback poll.
 */
final class NoHintOnRetryBroker extends HintMutingBroker {
  NoHintOnRetryBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public AckStatus retry(LeaseToken token, long delayMillis, String error, boolean countAttempt) {
    return muted(() -> super.retry(token, delayMillis, error, countAttempt));
  }
}
