package dev.taskbed.conformance.mutants;

import dev.taskbed.Page;
import dev.taskbed.QueueStats;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.BrokerAdmin;
import dev.taskbed.spi.LeaseToken;
import java.util.List;
import java.util.Optional;

/**
 * Passes every call to an {@link InMemoryBroker}. Each mutant extends it and overrides what its one
 * bug touches, so everything else stays correct. Batched acks go through the single-token methods,
 * so a mutant's {@code complete} or {@code extendLease} applies to batches too.
 */
class ForwardingBroker extends dev.taskbed.spi.ForwardingBroker implements BrokerAdmin {
  protected final InMemoryBroker delegate;

  ForwardingBroker(InMemoryBroker delegate) {
    super(delegate);
    this.delegate = delegate;
  }

  @Override public List<AckStatus> completeAll(List<LeaseToken> tokens) {
    return tokens.stream().map(this::complete).toList();
  }
  @Override public List<AckStatus> extendLeases(List<LeaseToken> tokens, long durationMillis) {
    return tokens.stream().map(t -> extendLease(t, durationMillis)).toList();
  }
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
