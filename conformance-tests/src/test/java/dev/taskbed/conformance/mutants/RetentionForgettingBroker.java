package dev.taskbed.conformance.mutants;

import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.MaintenanceResult;

/**
 * Bug: purge compares a completed task's completion time with now and forgets its retention, so
 * retained tasks vanish at the first purge after they complete.
 */
final class RetentionForgettingBroker extends ForwardingBroker {
  RetentionForgettingBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public synchronized MaintenanceResult purgeExpired(String queue, int limit) {
    int removed = 0;
    for (TaskInfo t : list(queue, TaskState.COMPLETED, 0, limit).items()) {
      delete(queue, t.id());
      removed++;
    }
    MaintenanceResult rest = super.purgeExpired(queue, limit - removed);
    return new MaintenanceResult(removed + rest.processed(), rest.hasMore());
  }
}
