package dev.taskbed.runtime;

import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.EnqueueOutcomeUnknownException;
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

/**
 * A broker decorator whose faults tests switch on and off: a partitioned worker (every call fails
 * before reaching the broker), lost enqueue replies (applied, then reported unknown).
 */
final class FlakyBroker implements Broker {
  private final Broker target;
  volatile boolean partitioned;
  volatile int loseNextEnqueueReplies;
  volatile int enqueueCalls;

  FlakyBroker(Broker target) {
    this.target = target;
  }

  private void reach() {
    if (partitioned) {
      throw new BrokerUnavailableException("partitioned (test fault)");
    }
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    enqueueCalls++;
    reach();
    EnqueueResult r = target.enqueue(request);
    if (loseNextEnqueueReplies > 0) {
      loseNextEnqueueReplies--;
      throw new EnqueueOutcomeUnknownException(request.queue(), request.taskId(), new RuntimeException("reply lost (test fault)"));
    }
    return r;
  }

  @Override
  public ClaimResult claim(ClaimRequest request) {
    reach();
    return target.claim(request);
  }

  @Override
  public AckStatus complete(LeaseToken token) {
    reach();
    return target.complete(token);
  }

  @Override
  public AckStatus revoke(LeaseToken token) {
    reach();
    return target.revoke(token);
  }

  @Override
  public AckStatus retry(LeaseToken token, long delayMillis, String error, boolean countAttempt) {
    reach();
    return target.retry(token, delayMillis, error, countAttempt);
  }

  @Override
  public AckStatus archive(LeaseToken token, String error, boolean countAttempt) {
    reach();
    return target.archive(token, error, countAttempt);
  }

  @Override
  public AckStatus requeue(LeaseToken token) {
    reach();
    return target.requeue(token);
  }

  @Override
  public AckStatus extendLease(LeaseToken token, long durationMillis) {
    reach();
    return target.extendLease(token, durationMillis);
  }

  @Override
  public List<AckStatus> extendLeases(List<LeaseToken> tokens, long durationMillis) {
    reach();
    return target.extendLeases(tokens, durationMillis);
  }

  @Override
  public MaintenanceResult forwardDue(String queue, int limit) {
    reach();
    return target.forwardDue(queue, limit);
  }

  @Override
  public MaintenanceResult recoverExpiredLeases(String queue, int limit, long recoveryDelayMillis) {
    reach();
    return target.recoverExpiredLeases(queue, limit, recoveryDelayMillis);
  }

  @Override
  public MaintenanceResult purgeExpired(String queue, int limit) {
    reach();
    return target.purgeExpired(queue, limit);
  }

  @Override
  public List<String> queues() {
    reach();
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
