package dev.taskbed.conformance.mutants;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.TaskState;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.EnqueueRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Bug: one enqueue in 500 is acknowledged but never stored, as when ids hashing to one of 500
 * slots are written to a key nobody reads.
 */
final class LossyEnqueueBroker extends ForwardingBroker {
  private final Clock clock;

  LossyEnqueueBroker(InMemoryBroker delegate, Clock clock) {
    super(delegate);
    this.clock = clock;
  }

  private static boolean lost(EnqueueRequest r) {
    return Math.floorMod(r.taskId().hashCode(), 500) == 0;
  }

  private EnqueueResult fabricated(EnqueueRequest r) {
    long now = clock.millis();
    boolean due = r.delayMillis() == 0 && r.processAtMillis() <= now;
    return new EnqueueResult(r.taskId(), r.queue(), EnqueueOutcome.CREATED, due ? TaskState.PENDING : TaskState.SCHEDULED);
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest r) {
    return lost(r) ? fabricated(r) : super.enqueue(r);
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> rs) {
    List<EnqueueResult> out = new ArrayList<>();
    for (EnqueueRequest r : rs) {
      out.add(enqueue(r));
    }
    return out;
  }
}
