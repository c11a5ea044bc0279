package dev.taskbed.conformance.mutants;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.EnqueueRequest;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Bug: enqueue checks whether the id exists ({@code HEXISTS}) and writes the record
 * ({@code HSET}) in two round trips: a client's retry that races its own original finds the id
 * free too, overwrites the record and answers {@code CREATED} as well, so one request is
 * acknowledged as two creations (and the overwritten record's admission is lost). Alone, a client
 * never notices.
 */
final class EnqueueIdRaceBroker extends ForwardingBroker {
  /** The time between the existence check and the write: one network round trip. */
  private static final long ROUND_TRIP_NANOS = 300_000;

  EnqueueIdRaceBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest r) {
    boolean free = super.get(r.queue(), r.taskId()).isEmpty();
    LockSupport.parkNanos(ROUND_TRIP_NANOS);
    EnqueueResult res = super.enqueue(r);
    if (free && res.outcome() == EnqueueOutcome.EXISTING && res.state() != null) {
      // Someone created it between the check and the write: this write overwrote it.
      return new EnqueueResult(res.taskId(), res.queue(), EnqueueOutcome.CREATED, res.state());
    }
    return res;
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> rs) {
    return rs.stream().map(this::enqueue).toList();
  }
}
