package dev.taskbed.chaos.harness;

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
 * Sends claims through one broker and every other call through another: a worker whose claims
 * travel on their own connections (a proxy of their own), so a fault can hit claim replies alone
 * while heartbeats, acks and lease recovery carry on. A seam over the SPI; neither broker is closed
 * here.
 */
public final class ClaimRouteBroker implements Broker {
  private final Broker claims;
  private final Broker rest;

  public ClaimRouteBroker(Broker claims, Broker rest) {
    this.claims = claims;
    this.rest = rest;
  }

  @Override
  public ClaimResult claim(ClaimRequest request) {
    return claims.claim(request);
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    return rest.enqueue(request);
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> requests) {
    return rest.enqueueBatch(requests);
  }

  @Override
  public AckStatus complete(LeaseToken token) {
    return rest.complete(token);
  }

  @Override
  public List<AckStatus> completeAll(List<LeaseToken> tokens) {
    return rest.completeAll(tokens);
  }

  @Override
  public AckStatus revoke(LeaseToken token) {
    return rest.revoke(token);
  }

  @Override
  public AckStatus retry(LeaseToken token, long delayMillis, String error, boolean countAttempt) {
    return rest.retry(token, delayMillis, error, countAttempt);
  }

  @Override
  public AckStatus archive(LeaseToken token, String error, boolean countAttempt) {
    return rest.archive(token, error, countAttempt);
  }

  @Override
  public AckStatus requeue(LeaseToken token) {
    return rest.requeue(token);
  }

  @Override
  public AckStatus extendLease(LeaseToken token, long durationMillis) {
    return rest.extendLease(token, durationMillis);
  }

  @Override
  public List<AckStatus> extendLeases(List<LeaseToken> tokens, long durationMillis) {
    return rest.extendLeases(tokens, durationMillis);
  }

  @Override
  public MaintenanceResult forwardDue(String queue, int limit) {
    return rest.forwardDue(queue, limit);
  }

  @Override
  public MaintenanceResult recoverExpiredLeases(String queue, int limit, long recoveryDelayMillis) {
    return rest.recoverExpiredLeases(queue, limit, recoveryDelayMillis);
  }

  @Override
  public MaintenanceResult purgeExpired(String queue, int limit) {
    return rest.purgeExpired(queue, limit);
  }

  @Override
  public List<String> queues() {
    return rest.queues();
  }

  @Override
  public Subscription onWorkAvailable(Collection<String> queues, Runnable listener) {
    return rest.onWorkAvailable(queues, listener);
  }

  @Override
  public BrokerPolicy policy() {
    return rest.policy();
  }

  @Override
  public void close() {}
}
