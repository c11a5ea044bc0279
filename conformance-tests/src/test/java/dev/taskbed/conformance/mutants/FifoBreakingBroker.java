package dev.taskbed.conformance.mutants;

import dev.taskbed.EnqueueResult;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.EnqueueRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Bug: the pipelined batch enqueue pushes at the wrong end, so one queue's items are admitted in
 * reverse order and a sole claimer gets the later task first. Results still come back in input
 * order.
 */
final class FifoBreakingBroker extends ForwardingBroker {
  FifoBreakingBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> rs) {
    List<EnqueueRequest> reversed = new ArrayList<>(rs);
    Collections.reverse(reversed);
    List<EnqueueResult> results = new ArrayList<>(super.enqueueBatch(reversed));
    Collections.reverse(results);
    return results;
  }
}
