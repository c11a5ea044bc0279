package dev.taskbed.inmemory;

import dev.taskbed.TaskState;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * Everything one queue holds: its tasks indexed by id, one container per state in that state's
 * total order, tombstones, uniqueness locks and remembered claims. Guarded by the broker's lock.
 */
final class QueueData {
  final Map<String, TaskRecord> tasks = new HashMap<>();
  final Map<String, TaskRecord.Tombstone> tombstones = new HashMap<>();
  final Map<String, UniqueLock> locks = new HashMap<>();
  final Map<String, ClaimRecord> claims = new HashMap<>();

  final Deque<TaskRecord> pending = new ArrayDeque<>();
  final NavigableSet<TaskRecord> scheduled = new TreeSet<>(by(r -> r.dueAt));
  final NavigableSet<TaskRecord> retry = new TreeSet<>(by(r -> r.dueAt));
  final NavigableSet<TaskRecord> active = new TreeSet<>(by(r -> r.leaseExpiresAt));
  final NavigableSet<TaskRecord> archived = new TreeSet<>(by(r -> r.archivedAt));
  final NavigableSet<TaskRecord> completed = new TreeSet<>(by(TaskRecord::retainUntil));

  boolean paused;
  long admissions;

  record UniqueLock(String holderId, String contentHash, long until) {}

  /** Leases granted to one claim request: task ids with the claim sequence each got. */
  record ClaimRecord(List<String> taskIds, List<Long> claimSequences, long expiresAt) {}

  private static Comparator<TaskRecord> by(ToLongFunction<TaskRecord> score) {
    return Comparator.comparingLong(score).thenComparingLong(r -> r.seq);
  }

  /** Removes the record from its state's container; do this before changing an ordering field. */
  void detach(TaskRecord r) {
    boolean removed = switch (r.state) {
      case PENDING -> pending.remove(r);
      case SCHEDULED -> scheduled.remove(r);
      case RETRY -> retry.remove(r);
      case ACTIVE -> active.remove(r);
      case ARCHIVED -> archived.remove(r);
      case COMPLETED -> completed.remove(r);
    };
    if (!removed) {
      throw new IllegalStateException("record " + r.id + " missing from its " + r.state + " container");
    }
  }

  /** Puts the record into the container of {@code state}; PENDING records go to the tail. */
  void attach(TaskRecord r, TaskState state) {
    r.state = state;
    switch (state) {
      case PENDING -> pending.addLast(r);
      case SCHEDULED -> scheduled.add(r);
      case RETRY -> retry.add(r);
      case ACTIVE -> active.add(r);
      case ARCHIVED -> archived.add(r);
      case COMPLETED -> completed.add(r);
    }
  }

  /** The earliest SCHEDULED or RETRY task due at {@code now}, in (due time, admission) order; null if none. */
  TaskRecord firstDue(long now) {
    TaskRecord next = earliestDelayed();
    return next != null && next.dueAt <= now ? next : null;
  }

  /** The earliest SCHEDULED or RETRY task, due or not; null if none. */
  TaskRecord earliestDelayed() {
    TaskRecord s = scheduled.isEmpty() ? null : scheduled.first();
    TaskRecord r = retry.isEmpty() ? null : retry.first();
    if (s == null) {
      return r;
    }
    if (r == null) {
      return s;
    }
    return scheduled.comparator().compare(s, r) <= 0 ? s : r;
  }

  Iterable<TaskRecord> container(TaskState state) {
    return switch (state) {
      case PENDING -> pending;
      case SCHEDULED -> scheduled;
      case RETRY -> retry;
      case ACTIVE -> active;
      case ARCHIVED -> archived;
      case COMPLETED -> completed;
    };
  }

  long count(TaskState state) {
    return switch (state) {
      case PENDING -> pending.size();
      case SCHEDULED -> scheduled.size();
      case RETRY -> retry.size();
      case ACTIVE -> active.size();
      case ARCHIVED -> archived.size();
      case COMPLETED -> completed.size();
    };
  }
}
