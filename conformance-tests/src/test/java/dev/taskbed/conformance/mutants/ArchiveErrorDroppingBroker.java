package dev.taskbed.conformance.mutants;

import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.LeaseToken;

/**
 * Bug: the archive path was copied from the admin archive, which has no error to record, so an
 * archived failure keeps the previous attempt's error (or none) instead of its own.
 */
final class ArchiveErrorDroppingBroker extends ForwardingBroker {
  ArchiveErrorDroppingBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public AckStatus archive(LeaseToken token, String error, boolean countAttempt) {
    return super.archive(token, null, countAttempt);
  }
}
