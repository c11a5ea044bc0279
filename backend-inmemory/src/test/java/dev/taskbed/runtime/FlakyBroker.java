package dev.taskbed.runtime;

import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.EnqueueOutcomeUnknownException;
import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.ForwardingBroker;
import dev.taskbed.spi.EnqueueRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A broker decorator whose faults tests switch on and off: a partitioned worker (every call fails
 * before reaching the broker), lost enqueue replies (applied, then reported unknown), lost claim
 * replies (applied, then failed). Records every claim request that reached the broker.
 */
final class FlakyBroker extends ForwardingBroker {
  volatile boolean partitioned;
  volatile int loseNextEnqueueReplies;
  volatile int enqueueCalls;
  volatile int loseNextBatchReplies;
  volatile int loseNextClaimReplies;
  /** Runs inside each claim after the broker applied it, before its reply returns (or is lost). */
  volatile Runnable whileClaiming;
  final List<ClaimRequest> claims = new CopyOnWriteArrayList<>();

  FlakyBroker(Broker target) {
    super(target);
  }

  @Override
  protected Broker delegate() {
    if (partitioned) {
      throw new BrokerUnavailableException("partitioned (test fault)");
    }
    return super.delegate();
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    enqueueCalls++;
    EnqueueResult r = super.enqueue(request);
    if (loseNextEnqueueReplies > 0) {
      loseNextEnqueueReplies--;
      throw new EnqueueOutcomeUnknownException(request.queue(), request.taskId(), new RuntimeException("reply lost (test fault)"));
    }
    return r;
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> requests) {
    List<EnqueueResult> results = super.enqueueBatch(requests);
    if (loseNextBatchReplies > 0) {
      loseNextBatchReplies--;
      return results.stream()
          .map(r -> new EnqueueResult(r.taskId(), r.queue(), EnqueueOutcome.UNKNOWN, null))
          .toList();
    }
    return results;
  }

  @Override
  public ClaimResult claim(ClaimRequest request) {
    ClaimResult result = super.claim(request);
    claims.add(request);
    Runnable hook = whileClaiming;
    if (hook != null) {
      hook.run();
    }
    if (loseNextClaimReplies > 0) {
      loseNextClaimReplies--;
      throw new BrokerUnavailableException("claim reply lost (test fault)");
    }
    return result;
  }
}
