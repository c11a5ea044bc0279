package dev.taskbed.conformance.mutants;

import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.LeaseToken;

/**
 * Bug: the retry script receives {@code countAttempt} as the string "0" or "1" and tests it for
 * truth, and in Lua every string is true: a retry the caller said not to count (the failure
 * predicate excused it) still uses up an attempt.
 */
final class UncountedRetryCountingBroker extends ForwardingBroker {
  UncountedRetryCountingBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public AckStatus retry(LeaseToken token, long delayMillis, String error, boolean countAttempt) {
    return super.retry(token, delayMillis, error, true);
  }
}
