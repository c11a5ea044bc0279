package dev.taskbed.conformance.history;

import dev.taskbed.BrokerFullException;
import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.InvalidOptionException;
import dev.taskbed.spi.AckKind;
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
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A {@link Broker} decorator that records every call into a {@link HistoryRecorder}, so that the
 * runtime (client, workers, maintenance) can run unchanged on top of it and its history be checked
 * afterwards. Thread-safe if the delegate is. Exceptions pass through unchanged.
 *
 * <p>Outcomes: an enqueue that throws {@link BrokerUnavailableException},
 * {@link BrokerFullException} or {@link InvalidOptionException} certainly did not happen (FAIL);
 * any other exception, and any exception from a claim, ack or maintenance call, leaves the outcome
 * UNKNOWN. A batch enqueue is recorded as one operation per request; an item answered
 * {@link EnqueueOutcome#UNKNOWN} is an unknown completion. The process name is the calling
 * thread's name.
 */
public final class RecordingBroker implements Broker {
  private final Broker delegate;
  private final HistoryRecorder recorder;

  public RecordingBroker(Broker delegate, HistoryRecorder recorder) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.recorder = Objects.requireNonNull(recorder, "recorder");
  }

  public HistoryRecorder recorder() {
    return recorder;
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    HistoryRecorder.Invocation inv = recorder.invoke(Operation.Enqueue.of(request));
    EnqueueResult result;
    try {
      result = delegate.enqueue(request);
    } catch (BrokerUnavailableException | BrokerFullException | InvalidOptionException e) {
      inv.fail(e);
      throw e;
    } catch (RuntimeException e) {
      inv.unknown(e);
      throw e;
    }
    completeEnqueue(inv, result);
    return result;
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> requests) {
    List<HistoryRecorder.Invocation> invs = new ArrayList<>(requests.size());
    for (EnqueueRequest r : requests) {
      invs.add(recorder.invoke(Operation.Enqueue.of(r)));
    }
    List<EnqueueResult> results;
    try {
      results = delegate.enqueueBatch(requests);
    } catch (BrokerUnavailableException e) {
      invs.forEach(i -> i.fail(e));
      throw e;
    } catch (RuntimeException e) {
      invs.forEach(i -> i.unknown(e));
      throw e;
    }
    for (int i = 0; i < invs.size(); i++) {
      if (i < results.size()) {
        completeEnqueue(invs.get(i), results.get(i));
      } else {
        invs.get(i).unknown("no result for this item");
      }
    }
    return results;
  }

  private static void completeEnqueue(HistoryRecorder.Invocation inv, EnqueueResult result) {
    if (result.outcome() == EnqueueOutcome.UNKNOWN) {
      inv.unknown("outcome UNKNOWN");
    } else {
      inv.ok(result);
    }
  }

  @Override
  public ClaimResult claim(ClaimRequest request) {
    return call(new Operation.Claim(request), () -> delegate.claim(request));
  }

  @Override
  public AckStatus complete(LeaseToken token) {
    return call(new Operation.Ack(AckKind.COMPLETE, token, 0), () -> delegate.complete(token));
  }

  @Override
  public AckStatus revoke(LeaseToken token) {
    return call(new Operation.Ack(AckKind.REVOKE, token, 0), () -> delegate.revoke(token));
  }

  @Override
  public AckStatus retry(LeaseToken token, long delayMillis, String error, boolean countAttempt) {
    return call(new Operation.Ack(AckKind.RETRY, token, delayMillis), () -> delegate.retry(token, delayMillis, error, countAttempt));
  }

  @Override
  public AckStatus archive(LeaseToken token, String error, boolean countAttempt) {
    return call(new Operation.Ack(AckKind.ARCHIVE, token, 0), () -> delegate.archive(token, error, countAttempt));
  }

  @Override
  public AckStatus requeue(LeaseToken token) {
    return call(new Operation.Ack(AckKind.REQUEUE, token, 0), () -> delegate.requeue(token));
  }

  @Override
  public AckStatus extendLease(LeaseToken token, long durationMillis) {
    return call(new Operation.ExtendLease(token, durationMillis), () -> delegate.extendLease(token, durationMillis));
  }

  @Override
  public List<AckStatus> completeAll(List<LeaseToken> tokens) {
    return callEach(tokens.stream().map(t -> (Operation) new Operation.Ack(AckKind.COMPLETE, t, 0)).toList(),
        () -> delegate.completeAll(tokens));
  }

  @Override
  public List<AckStatus> extendLeases(List<LeaseToken> tokens, long durationMillis) {
    return callEach(tokens.stream().map(t -> (Operation) new Operation.ExtendLease(t, durationMillis)).toList(),
        () -> delegate.extendLeases(tokens, durationMillis));
  }

  /** Records a batched call as one operation per item, each answered by its own status. */
  private List<AckStatus> callEach(List<Operation> ops, java.util.function.Supplier<List<AckStatus>> batch) {
    List<HistoryRecorder.Invocation> invs = new ArrayList<>(ops.size());
    for (Operation op : ops) {
      invs.add(recorder.invoke(op));
    }
    List<AckStatus> out;
    try {
      out = batch.get();
    } catch (RuntimeException e) {
      invs.forEach(i -> i.unknown(e));
      throw e;
    }
    for (int i = 0; i < invs.size(); i++) {
      if (i < out.size()) {
        invs.get(i).ok(out.get(i));
      } else {
        invs.get(i).unknown("no status for this item");
      }
    }
    return out;
  }

  @Override
  public MaintenanceResult forwardDue(String queue, int limit) {
    return call(new Operation.Maintenance(Operation.MaintenanceKind.FORWARD_DUE, queue, limit, 0),
        () -> delegate.forwardDue(queue, limit));
  }

  @Override
  public MaintenanceResult recoverExpiredLeases(String queue, int limit, long recoveryDelayMillis) {
    return call(new Operation.Maintenance(Operation.MaintenanceKind.RECOVER_EXPIRED_LEASES, queue, limit, recoveryDelayMillis),
        () -> delegate.recoverExpiredLeases(queue, limit, recoveryDelayMillis));
  }

  @Override
  public MaintenanceResult purgeExpired(String queue, int limit) {
    return call(new Operation.Maintenance(Operation.MaintenanceKind.PURGE_EXPIRED, queue, limit, 0),
        () -> delegate.purgeExpired(queue, limit));
  }

  private <T> T call(Operation op, Supplier<T> action) {
    HistoryRecorder.Invocation inv = recorder.invoke(op);
    T result;
    try {
      result = action.get();
    } catch (RuntimeException e) {
      inv.unknown(e);
      throw e;
    }
    inv.ok(result);
    return result;
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
