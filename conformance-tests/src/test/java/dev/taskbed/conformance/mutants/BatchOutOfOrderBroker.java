package dev.taskbed.conformance.mutants;

import dev.taskbed.EnqueueResult;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.EnqueueRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Bug: a batch is pipelined in chunks of {@value #CHUNK}, and the first chunk's script was not
 * loaded yet ({@code NOSCRIPT}); the driver loads it and re-runs that chunk after the others were
 * admitted, so the first requests of a queue get later admission sequences than the ones after
 * them. Results still come back in input order.
 */
final class BatchOutOfOrderBroker extends ForwardingBroker {
  static final int CHUNK = 3;

  BatchOutOfOrderBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> rs) {
    if (rs.size() <= CHUNK) {
      return super.enqueueBatch(rs);
    }
    List<EnqueueResult> later = super.enqueueBatch(rs.subList(CHUNK, rs.size()));
    List<EnqueueResult> first = super.enqueueBatch(rs.subList(0, CHUNK));
    List<EnqueueResult> out = new ArrayList<>(first);
    out.addAll(later);
    return out;
  }
}
