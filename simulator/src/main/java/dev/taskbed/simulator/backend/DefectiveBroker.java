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

  private final Broker delegate;
  private final BrokerDefect defect;
  private long enqueues;

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
    return delegate.claim(request);
  }

  @Override
  public AckStatus complete(LeaseToken token) {
    return stale(delegate.complete(token));
  }

  @Override
  public AckStatus revoke(LeaseToken token) {
    return stale(delegate.revoke(token));
  }

  @Override
  public AckStatus retry(LeaseToken token, long delayMillis, String error, boolean countAttempt) {
    return stale(delegate.retry(token, delayMillis, error, countAttempt));
  }

  @Override
  public AckStatus archive(LeaseToken token, String error, boolean countAttempt) {
    return stale(delegate.archive(token, error, countAttempt));
  }

  @Override
  public AckStatus requeue(LeaseToken token) {
    return stale(delegate.requeue(token));
  }

  private AckStatus stale(AckStatus status) {
    return defect == BrokerDefect.ACCEPT_STALE_ACK && status == AckStatus.LEASE_LOST ? AckStatus.OK : status;
  }

  @Override
  public AckStatus extendLease(LeaseToken token, long durationMillis) {
    return delegate.extendLease(token, durationMillis);
  }

  @Override
  public List<AckStatus> extendLeases(List<LeaseToken> tokens, long durationMillis) {
    return delegate.extendLeases(tokens, durationMillis);
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
