package dev.taskbed.spi;

import dev.taskbed.EnqueueResult;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A {@link Broker} that forwards every call to another one: the base for decorators that observe,
 * measure, record or deliberately break a broker (metrics, tracing, fault injection in tests).
 * Override what you need; batched calls are forwarded as batches, so a decorator keeps the
 * delegate's round-trip savings unless it overrides them. Every call goes through
 * {@link #delegate()}, so overriding it intercepts them all.
 */
public abstract class ForwardingBroker implements Broker {
  private final Broker delegate;

  protected ForwardingBroker(Broker delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The broker a call is forwarded to; called once per forwarded call. */
  protected Broker delegate() {
    return delegate;
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    return delegate().enqueue(request);
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> requests) {
    return delegate().enqueueBatch(requests);
  }

  @Override
  public ClaimResult claim(ClaimRequest request) {
    return delegate().claim(request);
  }

  @Override
  public AckStatus complete(LeaseToken token) {
    return delegate().complete(token);
  }

  @Override
  public List<AckStatus> completeAll(List<LeaseToken> tokens) {
    return delegate().completeAll(tokens);
  }

  @Override
  public AckStatus revoke(LeaseToken token) {
    return delegate().revoke(token);
  }

  @Override
  public AckStatus retry(LeaseToken token, long delayMillis, String error, boolean countAttempt) {
    return delegate().retry(token, delayMillis, error, countAttempt);
  }

  @Override
  public AckStatus archive(LeaseToken token, String error, boolean countAttempt) {
    return delegate().archive(token, error, countAttempt);
  }

  @Override
  public AckStatus requeue(LeaseToken token) {
    return delegate().requeue(token);
  }

  @Override
  public AckStatus extendLease(LeaseToken token, long durationMillis) {
    return delegate().extendLease(token, durationMillis);
  }

  @Override
  public List<AckStatus> extendLeases(List<LeaseToken> tokens, long durationMillis) {
    return delegate().extendLeases(tokens, durationMillis);
  }

  @Override
  public MaintenanceResult forwardDue(String queue, int limit) {
    return delegate().forwardDue(queue, limit);
  }

  @Override
  public MaintenanceResult recoverExpiredLeases(String queue, int limit, long recoveryDelayMillis) {
    return delegate().recoverExpiredLeases(queue, limit, recoveryDelayMillis);
  }

  @Override
  public MaintenanceResult purgeExpired(String queue, int limit) {
    return delegate().purgeExpired(queue, limit);
  }

  @Override
  public List<String> queues() {
    return delegate().queues();
  }

  @Override
  public Subscription onWorkAvailable(Collection<String> queues, Runnable listener) {
    return delegate().onWorkAvailable(queues, listener);
  }

  @Override
  public BrokerPolicy policy() {
    return delegate().policy();
  }

  @Override
  public void close() {
    delegate().close();
  }
}
