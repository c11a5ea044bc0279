package dev.taskbed.simulator.backend;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.TaskState;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerPolicy;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import dev.taskbed.spi.MaintenanceResult;
import dev.taskbed.spi.Subscription;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A broker with one {@link BrokerDefect} planted in front of a correct one. Used only as a
 * negative control for the verdict (see {@code --defect}); it sits beneath the history recorder,
 * so the history shows what a buggy backend would have answered.
 */
public final class DefectiveBroker implements Broker {
  static final int LOSE_EVERY = 500;
  static final int DUPLICATE_EVERY = 500;
  static final int LEASE_CLOCK_SPEEDUP = 4;

  private final Broker delegate;
  private final BrokerDefect defect;
  private long enqueues;
  private long grantingClaims;
  private Lease lastGranted;

  public DefectiveBroker(Broker delegate, BrokerDefect defect) {
    this.delegate = delegate;
    this.defect = defect;
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    if (defect == BrokerDefect.LOSE_ACKED_ENQUEUE && loseThisOne()) {
      return new EnqueueResult(request.taskId(), request.queue(), EnqueueOutcome.CREATED,
          request.delayMillis() > 0 || request.processAtMillis() > 0 ? TaskState.SCHEDULED : TaskState.PENDING);
    }
    return delegate.enqueue(request);
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
      ClaimResult result = delegate.claim(shortened);
      List<Lease> reported = new ArrayList<>();
      long extra = request.leaseMillis() - shortened.leaseMillis();
      for (Lease l : result.leases()) {
        reported.add(new Lease(l.task(), l.token(), l.expiresAtMillis() + extra));
      }
      return new ClaimResult(reported, result.millisUntilNextDue());
    }
    ClaimResult result = delegate.claim(request);
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
  public AckStatus complete(LeaseToken token) {
    return delegate.complete(token);
  }

  @Override
  public List<AckStatus> completeAll(List<LeaseToken> tokens) {
    return delegate.completeAll(tokens);
  }

  @Override
  public AckStatus revoke(LeaseToken token) {
    return delegate.revoke(token);
  }

  @Override
  public AckStatus retry(LeaseToken token, long delayMillis, String error, boolean countAttempt) {
    return delegate.retry(token, delayMillis, error, countAttempt);
  }

  @Override
  public AckStatus archive(LeaseToken token, String error, boolean countAttempt) {
    return delegate.archive(token, error, countAttempt);
  }

  @Override
  public AckStatus requeue(LeaseToken token) {
    return delegate.requeue(token);
  }

  @Override
  public AckStatus extendLease(LeaseToken token, long durationMillis) {
    return delegate.extendLease(token, leaseMillis(durationMillis));
  }

  @Override
  public List<AckStatus> extendLeases(List<LeaseToken> tokens, long durationMillis) {
    return delegate.extendLeases(tokens, leaseMillis(durationMillis));
  }

  private long leaseMillis(long requested) {
    return defect == BrokerDefect.FAST_LEASE_CLOCK ? Math.max(1, requested / LEASE_CLOCK_SPEEDUP) : requested;
  }

  @Override
  public MaintenanceResult forwardDue(String queue, int limit) {
    return delegate.forwardDue(queue, limit);
  }

  @Override
  public MaintenanceResult recoverExpiredLeases(String queue, int limit, long recoveryDelayMillis) {
    return delegate.recoverExpiredLeases(queue, limit, recoveryDelayMillis);
  }

  @Override
  public MaintenanceResult purgeExpired(String queue, int limit) {
    return delegate.purgeExpired(queue, limit);
  }

  @Override
  public List<String> queues() {
    return delegate.queues();
  }

  @Override
  public Subscription onWorkAvailable(Collection<String> queues, Runnable listener) {
    return delegate.onWorkAvailable(queues, listener);
  }

  @Override
  public BrokerPolicy policy() {
    return delegate.policy();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
