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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bug: trimming archived tasks reuses the delete routine, which also deletes the uniqueness lock
 * under the trimmed task's key, whoever holds it now: the lock of a task still in effect is gone,
 * and a duplicate is created.
 *
 * <p>Emulated over the in-memory broker: after a purge, the keys of the archived tasks it removed
 * count as unlocked, so the next enqueue under such a key skips the lock check.
 */
final class TrimReleasingLockBroker extends ForwardingBroker {
  private final Map<String, String> keyOfTask = new HashMap<>();
  private final Set<String> released = new HashSet<>();

  TrimReleasingLockBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public synchronized EnqueueResult enqueue(EnqueueRequest r) {
    String lockKey = r.uniqueKey() == null ? null : r.queue() + "/" + r.uniqueKey();
    EnqueueRequest sent = r;
    if (lockKey != null && released.contains(lockKey)) {
      sent = new EnqueueRequest(r.taskId(), r.queue(), r.type(), r.payload(), r.headers(), r.maxRetry(), r.delayMillis(),
          r.processAtMillis(), r.timeoutMillis(), r.deadlineMillis(), r.retentionMillis(), null, 0, r.contentHash(), r.nonce());
    }
    EnqueueResult res = super.enqueue(sent);
    if (res.outcome() == EnqueueOutcome.CREATED && lockKey != null) {
      keyOfTask.put(r.queue() + "/" + r.taskId(), lockKey);
      released.remove(lockKey);
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
    List<TaskInfo> archived = super.list(queue, TaskState.ARCHIVED, 0, Integer.MAX_VALUE).items();
    MaintenanceResult result = super.purgeExpired(queue, limit);
    for (TaskInfo t : archived) {
      String key = keyOfTask.get(queue + "/" + t.id());
      if (key != null && super.get(queue, t.id()).isEmpty()) {
        released.add(key);
      }
    }
    return result;
  }
}
