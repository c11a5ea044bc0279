package dev.taskbed.simulator.backend;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.TaskState;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.ForwardingBroker;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import java.util.ArrayList;
import java.util.List;

/**
 * A broker with one {@link BrokerDefect} planted in front of a correct one. Used only as a
 * negative control for the verdict (see {@code --defect}); it sits beneath the history recorder,
 * so the history shows what a buggy backend would have answered.
 */
public final class DefectiveBroker extends ForwardingBroker {
  static final int LOSE_EVERY = 500;
  static final int DUPLICATE_EVERY = 500;
  static final int LEASE_CLOCK_SPEEDUP = 4;

  private final BrokerDefect defect;
  private long enqueues;
  private long grantingClaims;
  private Lease lastGranted;

  public DefectiveBroker(Broker delegate, BrokerDefect defect) {
    super(delegate);
    this.defect = defect;
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    if (defect == BrokerDefect.LOSE_ACKED_ENQUEUE && loseThisOne()) {
      return new EnqueueResult(request.taskId(), request.queue(), EnqueueOutcome.CREATED,
          request.delayMillis() > 0 || request.processAtMillis() > 0 ? TaskState.SCHEDULED : TaskState.PENDING);
    }
    return delegate().enqueue(request);
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> requests) {
    List<EnqueueResult> out = new ArrayList<>(requests.size());
    for (EnqueueRequest r : requests) {
      out.add(enqueue(r));
    }
    return out;
  }

  private synchronized boolean loseThisOne() {
    return ++enqueues % LOSE_EVERY == 0;
  }

  @Override
  public ClaimResult claim(ClaimRequest request) {
    if (defect == BrokerDefect.FAST_LEASE_CLOCK) {
      ClaimRequest shortened = new ClaimRequest(request.requestId(), request.queues(), request.maxTasks(),
          Math.max(1, request.leaseMillis() / LEASE_CLOCK_SPEEDUP));
      ClaimResult result = delegate().claim(shortened);
      List<Lease> reported = new ArrayList<>();
      long extra = request.leaseMillis() - shortened.leaseMillis();
      for (Lease l : result.leases()) {
        reported.add(new Lease(l.task(), l.token(), l.expiresAtMillis() + extra));
      }
      return new ClaimResult(reported, result.millisUntilNextDue());
    }
    ClaimResult result = delegate().claim(request);
    if (defect != BrokerDefect.DUPLICATE_DELIVERY || result.leases().isEmpty()) {
      return result;
    }
    synchronized (this) {
      Lease earlier = lastGranted;
      lastGranted = result.leases().get(result.leases().size() - 1);
      if (++grantingClaims % DUPLICATE_EVERY != 0 || earlier == null || result.leases().size() >= request.maxTasks()
          || result.leases().stream().anyMatch(l -> l.token().equals(earlier.token()))) {
        return result;
      }
      List<Lease> leases = new ArrayList<>(result.leases());
      leases.add(earlier);
      return new ClaimResult(leases, result.millisUntilNextDue());
    }
  }

  @Override
  public AckStatus extendLease(LeaseToken token, long durationMillis) {
    return delegate().extendLease(token, leaseMillis(durationMillis));
  }

  @Override
  public List<AckStatus> extendLeases(List<LeaseToken> tokens, long durationMillis) {
    return delegate().extendLeases(tokens, leaseMillis(durationMillis));
  }

  private long leaseMillis(long requested) {
    return defect == BrokerDefect.FAST_LEASE_CLOCK ? Math.max(1, requested / LEASE_CLOCK_SPEEDUP) : requested;
  }

}
