package dev.taskbed.conformance.mutants;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.MaintenanceResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bug: the tombstones the purge leaves are written without an expiry (the purge script sets the
 * tombstone but not its entry in the expiry index), so they never go: an id whose task was purged
 * can never be enqueued again, every later request is answered as a late retry of the old one.
 */
final class EternalPurgeTombstoneBroker extends ForwardingBroker {
  private final Map<String, String> hashOfTask = new HashMap<>();
  private final Map<String, String> eternal = new HashMap<>();

  EternalPurgeTombstoneBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public synchronized EnqueueResult enqueue(EnqueueRequest r) {
    String key = r.queue() + "/" + r.taskId();
    String tombstone = eternal.get(key);
    if (tombstone != null && super.get(r.queue(), r.taskId()).isEmpty()) {
      return new EnqueueResult(r.taskId(), r.queue(),
          tombstone.equals(r.contentHash()) ? EnqueueOutcome.EXISTING : EnqueueOutcome.ID_CONFLICT, null);
    }
    EnqueueResult res = super.enqueue(r);
    if (res.outcome() == EnqueueOutcome.CREATED) {
      hashOfTask.put(key, r.contentHash());
    }
    return res;
  }

  @Override
  public synchronized List<EnqueueResult> enqueueBatch(List<EnqueueRequest> rs) {
    List<EnqueueResult> out = new ArrayList<>();
    rs.forEach(r -> out.add(enqueue(r)));
    return out;
  }

  @Override
  public synchronized MaintenanceResult purgeExpired(String queue, int limit) {
    List<TaskInfo> finished = new ArrayList<>(super.list(queue, TaskState.ARCHIVED, 0, Integer.MAX_VALUE).items());
    finished.addAll(super.list(queue, TaskState.COMPLETED, 0, Integer.MAX_VALUE).items());
    MaintenanceResult result = super.purgeExpired(queue, limit);
    for (TaskInfo t : finished) {
      String key = queue + "/" + t.id();
      if (super.get(queue, t.id()).isEmpty() && hashOfTask.containsKey(key)) {
        eternal.put(key, hashOfTask.get(key));
      }
    }
    return result;
  }
}
