package dev.taskbed.conformance.mutants;

import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Bug: claim reads the pending head and removes it in two round trips instead of one atomic
 * script. A claimer that arrives between the two reads the same head and is handed the same lease.
 * Alone, a claimer never notices.
 */
final class RacingClaimBroker extends ForwardingBroker {
  /** The time between reading the head and removing it: one network round trip. */
  private static final long ROUND_TRIP_NANOS = 300_000;

  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile ClaimResult readButNotYetRemoved;

  RacingClaimBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public ClaimResult claim(ClaimRequest r) {
    boolean overlapping = inFlight.getAndIncrement() > 0;
    try {
      ClaimResult seen = readButNotYetRemoved;
      if (overlapping && seen != null && !seen.leases().isEmpty()) {
        LockSupport.parkNanos(ROUND_TRIP_NANOS);
        return seen;
      }
      ClaimResult result = super.claim(r);
      readButNotYetRemoved = result;
      LockSupport.parkNanos(ROUND_TRIP_NANOS);
      readButNotYetRemoved = null;
      return result;
    } finally {
      inFlight.decrementAndGet();
    }
  }
}
