package dev.taskbed.internal;

import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.EnqueueOutcomeUnknownException;
import dev.taskbed.EnqueueResult;
import dev.taskbed.env.Environment;
import dev.taskbed.event.TaskbedEvent;
import dev.taskbed.event.TaskbedListener;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.ForwardingBroker;
import dev.taskbed.spi.LeaseToken;
import dev.taskbed.spi.MaintenanceResult;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The runtime's view of its broker: every call is timed and reported as a
 * {@link TaskbedEvent.BrokerCall}, and the connection state is tracked, so the first call that
 * fails for lack of a connection reports {@link TaskbedEvent.BrokerUnreachable} and the first one
 * that succeeds after it {@link TaskbedEvent.BrokerReachable}, with the outage's length. Only
 * {@link BrokerUnavailableException} and {@link EnqueueOutcomeUnknownException} count as an outage;
 * any other exception is an answer from a reachable broker.
 */
final class ObservedBroker extends ForwardingBroker {
  private final TaskbedListener listener;
  private final Environment env;
  private final Object stateLock = new Object();
  /**
   * Monotonic nanos of the first failed call of the current outage; {@link Long#MIN_VALUE} when
   * reachable. Volatile so that a successful call, by far the common case, reads it without taking
   * the lock; only a change of state locks.
   */
  private volatile long downSince = Long.MIN_VALUE;

  ObservedBroker(Broker delegate, TaskbedListener listener, Environment env) {
    super(delegate);
    this.listener = listener;
    this.env = env;
  }

  private <T> T call(String operation, Supplier<T> call) {
    long start = env.nanoTime();
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      long end = env.nanoTime();
      listener.onBrokerCall(new TaskbedEvent.BrokerCall(operation, Duration.ofNanos(end - start), e));
      if (e instanceof BrokerUnavailableException || e instanceof EnqueueOutcomeUnknownException) {
        boolean first;
        synchronized (stateLock) {
          first = downSince == Long.MIN_VALUE;
          if (first) {
            downSince = start;
          }
        }
        if (first) {
          listener.onBrokerUnreachable(new TaskbedEvent.BrokerUnreachable(operation, e));
        }
      }
      throw e;
    }
    long end = env.nanoTime();
    listener.onBrokerCall(new TaskbedEvent.BrokerCall(operation, Duration.ofNanos(end - start), null));
    if (downSince == Long.MIN_VALUE) {
      return result;
    }
    long since;
    synchronized (stateLock) {
      since = downSince;
      downSince = Long.MIN_VALUE;
    }
    if (since != Long.MIN_VALUE) {
      listener.onBrokerReachable(new TaskbedEvent.BrokerReachable(operation, Duration.ofNanos(end - since)));
    }
    return result;
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    return call("enqueue", () -> super.enqueue(request));
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> requests) {
    return call("enqueueBatch", () -> super.enqueueBatch(requests));
  }

  @Override
  public ClaimResult claim(ClaimRequest request) {
    return call("claim", () -> super.claim(request));
  }

  @Override
  public AckStatus complete(LeaseToken token) {
    return call("complete", () -> super.complete(token));
  }

  @Override
  public List<AckStatus> completeAll(List<LeaseToken> tokens) {
    return call("completeAll", () -> super.completeAll(tokens));
  }

  @Override
  public AckStatus revoke(LeaseToken token) {
    return call("revoke", () -> super.revoke(token));
  }

  @Override
  public AckStatus retry(LeaseToken token, long delayMillis, String error, boolean countAttempt) {
    return call("retry", () -> super.retry(token, delayMillis, error, countAttempt));
  }

  @Override
  public AckStatus archive(LeaseToken token, String error, boolean countAttempt) {
    return call("archive", () -> super.archive(token, error, countAttempt));
  }

  @Override
  public AckStatus requeue(LeaseToken token) {
    return call("requeue", () -> super.requeue(token));
  }

  @Override
  public AckStatus extendLease(LeaseToken token, long durationMillis) {
    return call("extendLease", () -> super.extendLease(token, durationMillis));
  }

  @Override
  public List<AckStatus> extendLeases(List<LeaseToken> tokens, long durationMillis) {
    return call("extendLeases", () -> super.extendLeases(tokens, durationMillis));
  }

  @Override
  public MaintenanceResult forwardDue(String queue, int limit) {
    return call("forwardDue", () -> super.forwardDue(queue, limit));
  }

  @Override
  public MaintenanceResult recoverExpiredLeases(String queue, int limit, long recoveryDelayMillis) {
    return call("recoverExpiredLeases", () -> super.recoverExpiredLeases(queue, limit, recoveryDelayMillis));
  }

  @Override
  public MaintenanceResult purgeExpired(String queue, int limit) {
    return call("purgeExpired", () -> super.purgeExpired(queue, limit));
  }

  @Override
  public List<String> queues() {
    return call("queues", super::queues);
  }
}
