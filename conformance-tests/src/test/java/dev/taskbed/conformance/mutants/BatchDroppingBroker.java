package dev.taskbed.conformance.mutants;

import dev.taskbed.spi.AckStatus;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.LeaseToken;
import java.util.ArrayList;
import java.util.List;

/**
 * Bug: an off-by-one in a batched completion applies every token but the last, yet reports all of
 * them as OK (a loop bound in a batch script, or a pipeline reply matched to the wrong call).
 */
final class BatchDroppingBroker extends ForwardingBroker {
  BatchDroppingBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public List<AckStatus> completeAll(List<LeaseToken> tokens) {
    if (tokens.size() < 2) {
      return super.completeAll(tokens);
    }
    List<AckStatus> out = new ArrayList<>(super.completeAll(tokens.subList(0, tokens.size() - 1)));
    out.add(AckStatus.OK);
    return out;
  }
}
