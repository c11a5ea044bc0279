package dev.taskbed.runtime;

import dev.taskbed.EnqueueResult;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerPolicy;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.LeaseToken;
import dev.taskbed.spi.MaintenanceResult;
import dev.taskbed.spi.Subscription;
import java.util.Collection;
import java.util.List;

/** A broker that forwards every call to another; tests override what they want to observe or break. */
class ForwardingBroker implements Broker {
  private final Broker target;

  ForwardingBroker(Broker target) {
    this.target = target;
  }

  /** Called before every call that would reach the broker over the network. */
  protected void beforeCall() {}

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    beforeCall();
    return target.enqueue(request);
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> requests) {
    beforeCall();
    return target.enqueueBatch(requests);
  }

  @Override
  public ClaimResult claim(ClaimRequest request) {
    beforeCall();
    return target.claim(request);
  }

  @Override
  public AckStatus complete(LeaseToken token) {
    beforeCall();
    return target.complete(token);
  }

  @Override
  public List<AckStatus> completeAll(List<LeaseToken> tokens) {
    beforeCall();
    return target.completeAll(tokens);
  }

  @Override
  public AckStatus revoke(LeaseToken token) {
    beforeCall();
    return target.revoke(token);
  }

  @Override
  public AckStatus retry(LeaseToken token, long delayMillis, String error, boolean countAttempt) {
    beforeCall();
    return target.retry(token, delayMillis, error, countAttempt);
  }

  @Override
  public AckStatus archive(LeaseToken token, String error, boolean countAttempt) {
    beforeCall();
    return target.archive(token, error, countAttempt);
  }

  @Override
  public AckStatus requeue(LeaseToken token) {
    beforeCall();
    return target.requeue(token);
  }

  @Override
  public AckStatus extendLease(LeaseToken token, long durationMillis) {
    beforeCall();
    return target.extendLease(token, durationMillis);
  }

  @Override
  public List<AckStatus> extendLeases(List<LeaseToken> tokens, long durationMillis) {
    beforeCall();
    return target.extendLeases(tokens, durationMillis);
  }

  @Override
  public MaintenanceResult forwardDue(String queue, int limit) {
    beforeCall();
    return target.forwardDue(queue, limit);
  }

  @Override
  public MaintenanceResult recoverExpiredLeases(String queue, int limit, long recoveryDelayMillis) {
    beforeCall();
    return target.recoverExpiredLeases(queue, limit, recoveryDelayMillis);
  }

  @Override
  public MaintenanceResult purgeExpired(String queue, int limit) {
    beforeCall();
    return target.purgeExpired(queue, limit);
  }

  @Override
  public List<String> queues() {
    beforeCall();
    return target.queues();
  }

  @Override
  public Subscription onWorkAvailable(Collection<String> queues, Runnable listener) {
    return target.onWorkAvailable(queues, listener);
  }

  @Override
  public BrokerPolicy policy() {
    return target.policy();
  }

  @Override
  public void close() {
    target.close();
  }
}
