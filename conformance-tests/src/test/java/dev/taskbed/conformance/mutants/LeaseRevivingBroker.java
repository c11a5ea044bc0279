package dev.taskbed.conformance.mutants;

import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.LeaseToken;
import java.util.Optional;

/**
 * Bug: extendLease checks that the token owns the task but not that the lease is unexpired, so an
 * expired lease that recovery has not reached yet comes back to life.
 */
final class LeaseRevivingBroker extends ForwardingBroker {
  private final ShiftableClock clock;

  LeaseRevivingBroker(InMemoryBroker delegate, ShiftableClock clock) {
    super(delegate);
    this.clock = clock;
  }

  @Override
  public synchronized AckStatus extendLease(LeaseToken token, long durationMillis) {
    AckStatus status = super.extendLease(token, durationMillis);
    if (status != AckStatus.LEASE_LOST) {
      return status;
    }
    Optional<TaskInfo> t = get(token.queue(), token.taskId());
    long now = clock.millis();
    if (t.isPresent() && t.get().state() == TaskState.ACTIVE && t.get().claimSequence() == token.claimSequence()) {
      long before = t.get().leaseExpiresAt().toEpochMilli() - 1; // the last instant the lease was live
      return clock.readingAt(before, () -> super.extendLease(token, durationMillis + (now - before)));
    }
    return status;
  }
}
