package dev.taskbed.conformance.mutants;

import dev.taskbed.EnqueueResult;
import dev.taskbed.Page;
import dev.taskbed.QueueStats;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerAdmin;
import dev.taskbed.spi.BrokerPolicy;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.LeaseToken;
import dev.taskbed.spi.MaintenanceResult;
import dev.taskbed.spi.Subscription;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Passes every call to an {@link InMemoryBroker}. Each mutant extends it and overrides what its one
 * bug touches, so everything else stays correct.
 */
class ForwardingBroker implements Broker, BrokerAdmin {
  protected final InMemoryBroker delegate;

  ForwardingBroker(InMemoryBroker delegate) {
    this.delegate = delegate;
  }

  @Override public EnqueueResult enqueue(EnqueueRequest request) { return delegate.enqueue(request); }
  @Override public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> requests) { return delegate.enqueueBatch(requests); }
  @Override public ClaimResult claim(ClaimRequest request) { return delegate.claim(request); }
  @Override public AckStatus complete(LeaseToken token) { return delegate.complete(token); }
  @Override public AckStatus revoke(LeaseToken token) { return delegate.revoke(token); }
  @Override public AckStatus retry(LeaseToken token, long delayMillis, String error, boolean countAttempt) {
    return delegate.retry(token, delayMillis, error, countAttempt);
  }
  @Override public AckStatus archive(LeaseToken token, String error, boolean countAttempt) {
    return delegate.archive(token, error, countAttempt);
  }
  @Override public AckStatus requeue(LeaseToken token) { return delegate.requeue(token); }
  @Override public AckStatus extendLease(LeaseToken token, long durationMillis) { return delegate.extendLease(token, durationMillis); }
  @Override public List<AckStatus> extendLeases(List<LeaseToken> tokens, long durationMillis) {
    // one call per token through this.extendLease, so a mutant's extendLease applies to batches too
    return tokens.stream().map(t -> extendLease(t, durationMillis)).toList();
  }
  @Override public MaintenanceResult forwardDue(String queue, int limit) { return delegate.forwardDue(queue, limit); }
  @Override public MaintenanceResult recoverExpiredLeases(String queue, int limit, long recoveryDelayMillis) {
    return delegate.recoverExpiredLeases(queue, limit, recoveryDelayMillis);
  }
  @Override public MaintenanceResult purgeExpired(String queue, int limit) { return delegate.purgeExpired(queue, limit); }
  @Override public List<String> queues() { return delegate.queues(); }
  @Override public Subscription onWorkAvailable(Collection<String> queues, Runnable listener) {
    return delegate.onWorkAvailable(queues, listener);
  }
  @Override public BrokerPolicy policy() { return delegate.policy(); }
  @Override public void close() { delegate.close(); }
  @Override public QueueStats stats(String queue) { return delegate.stats(queue); }
  @Override public Page<TaskInfo> list(String queue, TaskState state, int offset, int limit) {
    return delegate.list(queue, state, offset, limit);
  }
  @Override public Optional<TaskInfo> get(String queue, String taskId) { return delegate.get(queue, taskId); }
  @Override public void delete(String queue, String taskId) { delegate.delete(queue, taskId); }
  @Override public void runNow(String queue, String taskId) { delegate.runNow(queue, taskId); }
  @Override public void archive(String queue, String taskId) { delegate.archive(queue, taskId); }
  @Override public void pause(String queue) { delegate.pause(queue); }
  @Override public void unpause(String queue) { delegate.unpause(queue); }
}
