package dev.taskbed.simulator.run;

import dev.taskbed.EnqueueResult;
import dev.taskbed.simulator.metrics.Counter;
import dev.taskbed.simulator.metrics.RunMetrics;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.ForwardingBroker;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import dev.taskbed.spi.MaintenanceResult;
import java.time.Clock;
import java.util.List;

/**
 * A pass-through {@link Broker} that feeds {@link RunMetrics} from what the broker answered: tasks
 * created, leases granted, acks applied or refused, leases recovered. It measures; it does not
 * judge (the history checker does that from its own record of the same calls).
 */
final class MeasuringBroker extends ForwardingBroker {
  private final RunMetrics metrics;
  private final Clock clock;

  MeasuringBroker(Broker delegate, RunMetrics metrics, Clock clock) {
    super(delegate);
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest request) {
    noteDue(request);
    EnqueueResult result = delegate().enqueue(request);
    metrics.enqueued(request.queue(), request.taskId(), result.outcome());
    return result;
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> requests) {
    requests.forEach(this::noteDue);
    List<EnqueueResult> results = delegate().enqueueBatch(requests);
    for (int i = 0; i < results.size(); i++) {
      EnqueueRequest r = requests.get(i);
      metrics.enqueued(r.queue(), r.taskId(), results.get(i).outcome());
    }
    return results;
  }

  /** The due time the task gets if this enqueue creates it (on this clock; Redis judges on its own). */
  private void noteDue(EnqueueRequest r) {
    metrics.enqueueing(r.queue(), r.taskId(), Math.max(clock.millis() + r.delayMillis(), r.processAtMillis()));
  }

  @Override
  public ClaimResult claim(ClaimRequest request) {
    ClaimResult result = delegate().claim(request);
    long now = clock.millis();
    for (Lease lease : result.leases()) {
      metrics.started(lease.token().queue(), lease.token().taskId(), lease.token().claimSequence(), now);
    }
    return result;
  }

  @Override
  public AckStatus complete(LeaseToken token) {
    return finished(token, delegate().complete(token), Counter.COMPLETED);
  }

  @Override
  public List<AckStatus> completeAll(List<LeaseToken> tokens) {
    List<AckStatus> statuses = delegate().completeAll(tokens);
    for (int i = 0; i < statuses.size(); i++) {
      finished(tokens.get(i), statuses.get(i), Counter.COMPLETED);
    }
    return statuses;
  }

  @Override
  public AckStatus revoke(LeaseToken token) {
    return finished(token, delegate().revoke(token), null);
  }

  @Override
  public AckStatus retry(LeaseToken token, long delayMillis, String error, boolean countAttempt) {
    AckStatus status = delegate().retry(token, delayMillis, error, countAttempt);
    counted(status, Counter.RETRIED);
    return status;
  }

  @Override
  public AckStatus archive(LeaseToken token, String error, boolean countAttempt) {
    return finished(token, delegate().archive(token, error, countAttempt), Counter.ARCHIVED);
  }

  @Override
  public AckStatus requeue(LeaseToken token) {
    AckStatus status = delegate().requeue(token);
    counted(status, Counter.REQUEUED);
    return status;
  }

  @Override
  public AckStatus extendLease(LeaseToken token, long durationMillis) {
    AckStatus status = delegate().extendLease(token, durationMillis);
    if (status == AckStatus.LEASE_LOST) {
      metrics.count(Counter.EXTENDS_REFUSED);
    }
    return status;
  }

  @Override
  public List<AckStatus> extendLeases(List<LeaseToken> tokens, long durationMillis) {
    List<AckStatus> statuses = delegate().extendLeases(tokens, durationMillis);
    long refused = statuses.stream().filter(s -> s == AckStatus.LEASE_LOST).count();
    if (refused > 0) {
      metrics.count(Counter.EXTENDS_REFUSED, refused);
    }
    return statuses;
  }

  @Override
  public MaintenanceResult recoverExpiredLeases(String queue, int limit, long recoveryDelayMillis) {
    MaintenanceResult result = delegate().recoverExpiredLeases(queue, limit, recoveryDelayMillis);
    if (result.processed() > 0) {
      metrics.count(Counter.RECOVERED, result.processed());
    }
    return result;
  }

  private AckStatus finished(LeaseToken token, AckStatus status, Counter how) {
    if (status == AckStatus.OK) {
      metrics.finished(token.queue(), token.taskId(), how, clock.millis());
    } else if (status == AckStatus.LEASE_LOST) {
      metrics.count(Counter.ACKS_REFUSED);
    }
    return status;
  }

  private void counted(AckStatus status, Counter c) {
    if (status == AckStatus.OK) {
      metrics.count(c);
    } else if (status == AckStatus.LEASE_LOST) {
      metrics.count(Counter.ACKS_REFUSED);
    }
  }
}
