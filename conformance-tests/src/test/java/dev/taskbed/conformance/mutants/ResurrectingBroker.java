package dev.taskbed.conformance.mutants;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Page;
import dev.taskbed.QueueStats;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.TaskStateException;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.LeaseToken;
import dev.taskbed.spi.MaintenanceResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bug: completing a retained task moves it to COMPLETED but forgets to remove its lease entry, so
 * once the old lease's expiry passes, lease recovery finds the entry and puts the task back into
 * RETRY: a completed task is resurrected and runs again.
 *
 * <p>Emulated over the in-memory broker by leaving the task ACTIVE underneath (that is the stale
 * lease entry) while every read shows it COMPLETED, until the broker's own recovery moves it.
 */
final class ResurrectingBroker extends ForwardingBroker {
  private final Clock clock;
  private final Map<String, EnqueueRequest> created = new HashMap<>();
  private final Map<String, TaskInfo> completedView = new HashMap<>();
  private final Map<String, LeaseToken> completedToken = new HashMap<>();

  ResurrectingBroker(InMemoryBroker delegate, Clock clock) {
    super(delegate);
    this.clock = clock;
  }

  private static String key(String queue, String id) {
    return queue + "/" + id;
  }

  private boolean isCompletedView(LeaseToken t) {
    return t.equals(completedToken.get(key(t.queue(), t.taskId())));
  }

  @Override
  public synchronized EnqueueResult enqueue(EnqueueRequest r) {
    EnqueueResult res = super.enqueue(r);
    if (res.outcome() == EnqueueOutcome.CREATED) {
      created.put(key(r.queue(), r.taskId()), r);
    }
    if (res.outcome() == EnqueueOutcome.EXISTING && completedView.containsKey(key(r.queue(), r.taskId()))) {
      return new EnqueueResult(res.taskId(), res.queue(), res.outcome(), TaskState.COMPLETED);
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
  public synchronized AckStatus complete(LeaseToken t) {
    if (isCompletedView(t)) {
      return AckStatus.ALREADY_APPLIED;
    }
    EnqueueRequest r = created.get(key(t.queue(), t.taskId()));
    if (r != null && r.nonce() == t.nonce() && r.retentionMillis() > 0 && r.uniqueKey() == null
        && super.extendLease(t, 0) == AckStatus.OK) {
      TaskInfo active = super.get(t.queue(), t.taskId()).orElseThrow();
      completedView.put(key(t.queue(), t.taskId()), active.toBuilder().state(TaskState.COMPLETED).leaseExpiresAt(null)
          .completedAt(Instant.ofEpochMilli(clock.millis())).build());
      completedToken.put(key(t.queue(), t.taskId()), t);
      return AckStatus.OK;
    }
    return super.complete(t);
  }

  @Override public synchronized AckStatus revoke(LeaseToken t) { return isCompletedView(t) ? AckStatus.LEASE_LOST : super.revoke(t); }
  @Override public synchronized AckStatus requeue(LeaseToken t) { return isCompletedView(t) ? AckStatus.LEASE_LOST : super.requeue(t); }
  @Override public synchronized AckStatus retry(LeaseToken t, long d, String e, boolean c) {
    return isCompletedView(t) ? AckStatus.LEASE_LOST : super.retry(t, d, e, c);
  }
  @Override public synchronized AckStatus archive(LeaseToken t, String e, boolean c) {
    return isCompletedView(t) ? AckStatus.LEASE_LOST : super.archive(t, e, c);
  }
  @Override public synchronized AckStatus extendLease(LeaseToken t, long d) {
    return isCompletedView(t) ? AckStatus.LEASE_LOST : super.extendLease(t, d);
  }

  @Override
  public synchronized ClaimResult claim(ClaimRequest r) {
    ClaimResult c = super.claim(r); // a replay would hand the "completed" task out again: hide it
    return new ClaimResult(c.leases().stream().filter(l -> !isCompletedView(l.token())).toList(), c.millisUntilNextDue());
  }

  @Override
  public synchronized MaintenanceResult recoverExpiredLeases(String queue, int limit, long delay) {
    MaintenanceResult result = super.recoverExpiredLeases(queue, limit, delay);
    completedView.keySet().removeIf(k -> {
      LeaseToken t = completedToken.get(k);
      Optional<TaskInfo> now = super.get(t.queue(), t.taskId());
      boolean resurrected = now.isEmpty() || now.get().state() != TaskState.ACTIVE;
      if (resurrected) {
        completedToken.remove(k);
      }
      return resurrected;
    });
    return result;
  }

  private List<TaskInfo> viewsIn(String queue) {
    List<TaskInfo> out = new ArrayList<>();
    completedView.forEach((k, v) -> {
      if (v.queue().equals(queue)) {
        out.add(v);
      }
    });
    return out;
  }

  @Override
  public synchronized QueueStats stats(String queue) {
    QueueStats s = super.stats(queue);
    int n = viewsIn(queue).size();
    return new QueueStats(queue, s.pending(), s.active() - n, s.scheduled(), s.retry(), s.archived(), s.completed() + n, s.paused());
  }

  @Override
  public synchronized Page<TaskInfo> list(String queue, TaskState state, int offset, int limit) {
    if (state != TaskState.ACTIVE && state != TaskState.COMPLETED) {
      return super.list(queue, state, offset, limit);
    }
    List<TaskInfo> all = new ArrayList<>(super.list(queue, state, 0, Integer.MAX_VALUE).items());
    if (state == TaskState.ACTIVE) {
      all.removeIf(t -> completedView.containsKey(key(queue, t.id())));
    } else {
      all.addAll(viewsIn(queue));
      all.sort(Comparator.comparingLong(t -> t.completedAt().toEpochMilli() + t.retention().toMillis()));
    }
    List<TaskInfo> page = all.stream().skip(offset).limit(limit).toList();
    return new Page<>(page, all.size() > offset + limit);
  }

  @Override
  public synchronized Optional<TaskInfo> get(String queue, String taskId) {
    TaskInfo view = completedView.get(key(queue, taskId));
    return view != null ? Optional.of(view) : super.get(queue, taskId);
  }

  @Override
  public synchronized void runNow(String queue, String taskId) {
    if (completedView.containsKey(key(queue, taskId))) {
      throw new TaskStateException(queue, taskId, TaskState.COMPLETED, "run");
    }
    super.runNow(queue, taskId);
  }

  @Override
  public synchronized void archive(String queue, String taskId) {
    if (completedView.containsKey(key(queue, taskId))) {
      throw new TaskStateException(queue, taskId, TaskState.COMPLETED, "archive");
    }
    super.archive(queue, taskId);
  }

  @Override
  public synchronized void delete(String queue, String taskId) {
    LeaseToken t = completedToken.get(key(queue, taskId));
    if (t != null && super.complete(t) == AckStatus.OK) { // finish for real, then delete as asked
      completedView.remove(key(queue, taskId));
      completedToken.remove(key(queue, taskId));
    }
    super.delete(queue, taskId);
  }
}
