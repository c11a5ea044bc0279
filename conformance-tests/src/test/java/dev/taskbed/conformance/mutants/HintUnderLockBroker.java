package dev.taskbed.conformance.mutants;

import dev.taskbed.EnqueueResult;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.LeaseToken;
import dev.taskbed.spi.MaintenanceResult;
import java.util.List;

/**
 * Bug: the broker signals its listeners inside its critical section (the signal was moved into the
 * locked block "so it cannot be reordered"), so a listener that hands work to another thread which
 * calls the broker makes that thread wait until the listener returns, and a listener that waits
 * for it deadlocks.
 */
final class HintUnderLockBroker extends ForwardingBroker {
  HintUnderLockBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest r) {
    synchronized (delegate) {
      return super.enqueue(r);
    }
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> rs) {
    synchronized (delegate) {
      return super.enqueueBatch(rs);
    }
  }

  @Override
  public AckStatus retry(LeaseToken t, long delayMillis, String error, boolean countAttempt) {
    synchronized (delegate) {
      return super.retry(t, delayMillis, error, countAttempt);
    }
  }

  @Override
  public AckStatus requeue(LeaseToken t) {
    synchronized (delegate) {
      return super.requeue(t);
    }
  }

  @Override
  public MaintenanceResult forwardDue(String queue, int limit) {
    synchronized (delegate) {
      return super.forwardDue(queue, limit);
    }
  }

  @Override
  public void runNow(String queue, String taskId) {
    synchronized (delegate) {
      super.runNow(queue, taskId);
    }
  }
}
