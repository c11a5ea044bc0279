package dev.taskbed.conformance.model;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Page;
import dev.taskbed.QueueStats;
import dev.taskbed.TaskActiveException;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskNotFoundException;
import dev.taskbed.TaskState;
import dev.taskbed.TaskStateException;
import dev.taskbed.spi.AckKind;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerAdmin;
import dev.taskbed.spi.BrokerPolicy;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import dev.taskbed.spi.MaintenanceResult;
import dev.taskbed.spi.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The conformance suite's reference model: the {@link Broker} and {@link BrokerAdmin} contracts as
 * a small executable specification, written from their Javadoc for clarity rather than speed.
 * Every method reads one {@code now} and then follows the numbered rules of its Javadoc in order;
 * listings sort on demand by the package's total orders. It shares no code with any backend, so a
 * backend that agrees with it on every observable result agrees with the contract as written.
 *
 * <p>Where the Javadoc leaves a choice open, the choice is named in a comment starting
 * "Interpretation:"; the conformance kit's README lists them.
 *
 * <p>Thread-safe (every method is synchronized) but meant for single-threaded comparison runs. It
 * never signals work listeners: hints may be lost by contract.
 */
public final class ReferenceBroker implements Broker, BrokerAdmin {
  private final Clock clock;
  private final BrokerPolicy policy;
  /** Registered queues by name: a queue is registered by its first created task or a pause. */
  private final Map<String, QueueModel> queues = new TreeMap<>();

  public ReferenceBroker(Clock clock, BrokerPolicy policy) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  // ===================================================================== state

  /** One queue: its live task records, pending order, tombstones, uniqueness locks and claim memos. */
  private static final class QueueModel {
    final Map<String, TaskModel> tasks = new LinkedHashMap<>();
    /** Task ids in PENDING, head first. */
    final List<String> pending = new ArrayList<>();
    final Map<String, Tombstone> tombstones = new HashMap<>();
    final Map<String, UniqueLock> locks = new HashMap<>();
    final Map<String, ClaimMemo> claims = new HashMap<>();
    boolean paused;
    long admissions;
  }

  /** One live task record. */
  private static final class TaskModel {
    final EnqueueRequest request;
    final long admission;
    final long enqueuedAt;
    TaskState state;
    int attempts;
    long claimSequence;
    String lastError;
    Long lastFailedAt;
    long dueAt;
    long leaseExpiresAt;
    long completedAt;
    long archivedAt;
    /** (claim sequence, kind) of the last applied ack; kind null if none. */
    long lastAckSequence;
    AckKind lastAckKind;

    TaskModel(EnqueueRequest request, long admission, long now) {
      this.request = request;
      this.admission = admission;
      this.enqueuedAt = now;
    }

    String id() {
      return request.taskId();
    }
  }

  /** What a removed task leaves behind for {@code idempotencyWindow}. */
  private record Tombstone(String contentHash, long nonce, long lastAckSequence, AckKind lastAckKind, long until) {}

  private record UniqueLock(String holderId, String contentHash, long until) {}

  /** The leases one claim request took from one queue, remembered until {@code until}. */
  private record ClaimMemo(List<String> taskIds, List<Long> claimSequences, long until) {}

  // ===================================================================== enqueue

  @Override
  public synchronized EnqueueResult enqueue(EnqueueRequest r) {
    return enqueueAt(r, clock.millis());
  }

  @Override
  public synchronized List<EnqueueResult> enqueueBatch(List<EnqueueRequest> requests) {
    long now = clock.millis();
    List<EnqueueResult> results = new ArrayList<>();
    for (EnqueueRequest r : requests) {
      results.add(enqueueAt(r, now));
    }
    return results;
  }

  private EnqueueResult enqueueAt(EnqueueRequest r, long now) {
    QueueModel q = queues.get(r.queue());
    // 1. An existing record or unexpired tombstone with this id answers the request.
    TaskModel existing = q == null ? null : q.tasks.get(r.taskId());
    if (existing != null) {
      return existing.request.contentHash().equals(r.contentHash())
          ? result(r, EnqueueOutcome.EXISTING, existing.state)
          : result(r, EnqueueOutcome.ID_CONFLICT, null);
    }
    Tombstone tomb = q == null ? null : liveTombstone(q, r.taskId(), now);
    if (tomb != null) {
      return result(r, tomb.contentHash().equals(r.contentHash()) ? EnqueueOutcome.EXISTING : EnqueueOutcome.ID_CONFLICT, null);
    }
    // 2. A uniqueness lock in effect for another (id, content hash) refuses it.
    if (r.uniqueKey() != null && q != null) {
      UniqueLock lock = q.locks.get(r.uniqueKey());
      if (lock != null && now < lock.until()
          && !(lock.holderId().equals(r.taskId()) && lock.contentHash().equals(r.contentHash()))) {
        return result(r, EnqueueOutcome.DUPLICATE, null);
      }
    }
    // 3. Create it.
    if (q == null) {
      q = new QueueModel();
      queues.put(r.queue(), q);
    }
    q.tombstones.remove(r.taskId()); // an expired one: the new record supersedes it
    TaskModel t = new TaskModel(r, ++q.admissions, now);
    t.dueAt = Math.max(now + r.delayMillis(), r.processAtMillis());
    q.tasks.put(t.id(), t);
    if (t.dueAt <= now) {
      t.state = TaskState.PENDING;
      q.pending.add(t.id());
    } else {
      t.state = TaskState.SCHEDULED;
    }
    if (r.uniqueKey() != null) {
      q.locks.put(r.uniqueKey(), new UniqueLock(r.taskId(), r.contentHash(), t.dueAt + r.uniqueForMillis()));
    }
    return result(r, EnqueueOutcome.CREATED, t.state);
  }

  private static EnqueueResult result(EnqueueRequest r, EnqueueOutcome outcome, TaskState state) {
    return new EnqueueResult(r.taskId(), r.queue(), outcome, state);
  }

  // ===================================================================== claim

  @Override
  public synchronized ClaimResult claim(ClaimRequest req) {
    long now = clock.millis();
    List<Lease> leases = new ArrayList<>();
    // Interpretation: a queue named twice is visited once (the first time).
    List<String> listed = List.copyOf(new LinkedHashSet<>(req.queues()));
    java.util.Set<String> replayed = new java.util.HashSet<>();
    if (req.replay()) {
      // Replay, pass 1: every listed queue's remembered leases come back, even beyond maxTasks.
      for (String name : listed) {
        QueueModel q = queues.get(name);
        if (q != null && replayMemo(q, req.requestId(), now, Integer.MAX_VALUE, leases)) {
          replayed.add(name);
        }
      }
    }
    // Without replay, the only pass; with it, pass 2 over the queues that had no record.
    for (String name : listed) {
      if (leases.size() >= req.maxTasks()) {
        break;
      }
      QueueModel q = queues.get(name);
      if (q == null || replayed.contains(name)) {
        continue; // unknown queues are skipped; replayed ones are done
      }
      // 1. A remembered, unexpired claim under this request id replays its still-live leases.
      if (replayMemo(q, req.requestId(), now, req.maxTasks(), leases)) {
        continue;
      }
      // 2. Otherwise, unless paused: pending head first, then due scheduled and retry tasks.
      if (q.paused) {
        continue;
      }
      List<TaskModel> taken = new ArrayList<>();
      while (leases.size() < req.maxTasks()) {
        TaskModel next;
        if (!q.pending.isEmpty()) {
          next = q.tasks.get(q.pending.remove(0));
        } else {
          List<TaskModel> due = dueDelayed(q, now);
          if (due.isEmpty()) {
            break;
          }
          next = due.get(0);
        }
        next.state = TaskState.ACTIVE;
        next.claimSequence++;
        next.leaseExpiresAt = now + req.leaseMillis();
        taken.add(next);
        leases.add(lease(next));
      }
      // Interpretation: a claim that took nothing from a queue leaves no memo there.
      if (!taken.isEmpty()) {
        q.claims.put(req.requestId(), new ClaimMemo(
            taken.stream().map(TaskModel::id).toList(),
            taken.stream().map(t -> t.claimSequence).toList(),
            now + req.leaseMillis()));
      }
    }
    // Interpretation: millisUntilNextDue looks at the queues as they are after this claim.
    long next = -1;
    for (String name : req.queues()) {
      QueueModel q = queues.get(name);
      if (q == null || q.paused) {
        continue;
      }
      for (TaskModel t : q.tasks.values()) {
        if (t.state == TaskState.SCHEDULED || t.state == TaskState.RETRY) {
          long wait = Math.max(0, t.dueAt - now);
          next = next < 0 ? wait : Math.min(next, wait);
        }
      }
    }
    return new ClaimResult(leases, next);
  }

  /**
   * Claim rule 1: if {@code q} remembers an unexpired claim under {@code requestId}, adds its
   * still-live leases in the order they were granted (while fewer than {@code limit} are
   * collected) and returns true; else returns false.
   */
  private static boolean replayMemo(QueueModel q, String requestId, long now, int limit, List<Lease> leases) {
    ClaimMemo memo = q.claims.get(requestId);
    if (memo == null || now >= memo.until()) {
      return false;
    }
    for (int i = 0; i < memo.taskIds().size() && leases.size() < limit; i++) {
      TaskModel t = q.tasks.get(memo.taskIds().get(i));
      if (t != null && t.state == TaskState.ACTIVE && t.claimSequence == memo.claimSequences().get(i)
          && now < t.leaseExpiresAt) {
        leases.add(lease(t));
      }
    }
    return true;
  }

  /** SCHEDULED and RETRY tasks with {@code dueAt <= now}, in (due time, admission) order. */
  private static List<TaskModel> dueDelayed(QueueModel q, long now) {
    return q.tasks.values().stream()
        .filter(t -> (t.state == TaskState.SCHEDULED || t.state == TaskState.RETRY) && t.dueAt <= now)
        .sorted(Comparator.comparingLong((TaskModel t) -> t.dueAt).thenComparingLong(t -> t.admission))
        .toList();
  }

  private static Lease lease(TaskModel t) {
    return new Lease(info(t), token(t), t.leaseExpiresAt);
  }

  private static LeaseToken token(TaskModel t) {
    return new LeaseToken(t.request.queue(), t.id(), t.claimSequence, t.request.nonce());
  }

  // ===================================================================== acks

  /** What an applied ack does to the task. */
  private interface Effect {
    void apply(QueueModel q, TaskModel t, long now);
  }

  /** The ack protocol of {@link Broker}, steps 1 to 4. */
  private synchronized AckStatus ack(LeaseToken token, AckKind kind, Effect effect) {
    long now = clock.millis();
    QueueModel q = queues.get(token.queue());
    TaskModel t = q == null ? null : q.tasks.get(token.taskId());
    if (t == null) {
      // 1./2. Only an unexpired tombstone of the same incarnation can still answer.
      Tombstone tomb = q == null ? null : liveTombstone(q, token.taskId(), now);
      boolean repeated = tomb != null && tomb.nonce() == token.nonce()
          && tomb.lastAckKind() == kind && tomb.lastAckSequence() == token.claimSequence();
      return repeated ? AckStatus.ALREADY_APPLIED : AckStatus.LEASE_LOST;
    }
    if (t.request.nonce() != token.nonce()) {
      return AckStatus.LEASE_LOST; // 1. another incarnation
    }
    if (t.lastAckKind == kind && t.lastAckSequence == token.claimSequence()) {
      return AckStatus.ALREADY_APPLIED; // 2.
    }
    if (!isLive(t, token, now)) {
      return AckStatus.LEASE_LOST; // 4.
    }
    t.lastAckSequence = token.claimSequence(); // 3.
    t.lastAckKind = kind;
    effect.apply(q, t, now);
    return AckStatus.OK;
  }

  private static boolean isLive(TaskModel t, LeaseToken token, long now) {
    return t.state == TaskState.ACTIVE && t.claimSequence == token.claimSequence()
        && t.request.nonce() == token.nonce() && now < t.leaseExpiresAt;
  }

  @Override
  public AckStatus complete(LeaseToken token) {
    return ack(token, AckKind.COMPLETE, (q, t, now) -> {
      releaseLock(q, t);
      if (t.request.retentionMillis() > 0) {
        t.state = TaskState.COMPLETED;
        t.completedAt = now;
      } else {
        remove(q, t, now);
      }
    });
  }

  @Override
  public AckStatus revoke(LeaseToken token) {
    return ack(token, AckKind.REVOKE, (q, t, now) -> {
      releaseLock(q, t);
      remove(q, t, now);
    });
  }

  @Override
  public AckStatus retry(LeaseToken token, long delayMillis, String error, boolean countAttempt) {
    return ack(token, AckKind.RETRY, (q, t, now) -> {
      t.state = TaskState.RETRY;
      t.dueAt = now + delayMillis;
      recordFailure(t, error, countAttempt, now);
    });
  }

  @Override
  public AckStatus archive(LeaseToken token, String error, boolean countAttempt) {
    return ack(token, AckKind.ARCHIVE, (q, t, now) -> {
      t.state = TaskState.ARCHIVED;
      t.archivedAt = now;
      recordFailure(t, error, countAttempt, now);
    });
  }

  @Override
  public AckStatus requeue(LeaseToken token) {
    return ack(token, AckKind.REQUEUE, (q, t, now) -> {
      t.state = TaskState.PENDING;
      q.pending.add(0, t.id());
    });
  }

  @Override
  public synchronized AckStatus extendLease(LeaseToken token, long durationMillis) {
    long now = clock.millis();
    QueueModel q = queues.get(token.queue());
    TaskModel t = q == null ? null : q.tasks.get(token.taskId());
    if (t == null || !isLive(t, token, now)) {
      return AckStatus.LEASE_LOST;
    }
    t.leaseExpiresAt = Math.max(t.leaseExpiresAt, now + durationMillis);
    return AckStatus.OK;
  }

  private static void recordFailure(TaskModel t, String error, boolean countAttempt, long now) {
    if (countAttempt) {
      t.attempts++;
    }
    if (error != null) {
      t.lastError = error;
      t.lastFailedAt = now;
    }
  }

  /** Removes the record, leaving a tombstone with its content hash, nonce and last ack. */
  private void remove(QueueModel q, TaskModel t, long now) {
    q.tasks.remove(t.id());
    q.pending.remove(t.id());
    q.tombstones.put(t.id(), new Tombstone(t.request.contentHash(), t.request.nonce(), t.lastAckSequence, t.lastAckKind,
        now + policy.idempotencyWindow().toMillis()));
  }

  /** Releases the uniqueness lock the task holds, if it still holds one. */
  private static void releaseLock(QueueModel q, TaskModel t) {
    String key = t.request.uniqueKey();
    UniqueLock lock = key == null ? null : q.locks.get(key);
    if (lock != null && lock.holderId().equals(t.id()) && lock.contentHash().equals(t.request.contentHash())) {
      q.locks.remove(key);
    }
  }

  private static Tombstone liveTombstone(QueueModel q, String id, long now) {
    Tombstone t = q.tombstones.get(id);
    return t != null && now < t.until() ? t : null;
  }

  // ===================================================================== maintenance

  @Override
  public synchronized MaintenanceResult forwardDue(String queue, int limit) {
    long now = clock.millis();
    QueueModel q = queues.get(queue);
    if (q == null) {
      return MaintenanceResult.NONE;
    }
    List<TaskModel> due = dueDelayed(q, now);
    int moved = Math.min(limit, due.size());
    for (TaskModel t : due.subList(0, moved)) {
      t.state = TaskState.PENDING;
      q.pending.add(t.id());
    }
    return new MaintenanceResult(moved, due.size() > moved);
  }

  @Override
  public synchronized MaintenanceResult recoverExpiredLeases(String queue, int limit, long recoveryDelayMillis) {
    long now = clock.millis();
    QueueModel q = queues.get(queue);
    if (q == null) {
      return MaintenanceResult.NONE;
    }
    List<TaskModel> expired = ordered(q, TaskState.ACTIVE).stream().filter(t -> t.leaseExpiresAt <= now).toList();
    int recovered = Math.min(limit, expired.size());
    for (TaskModel t : expired.subList(0, recovered)) {
      recordFailure(t, "lease expired", true, now);
      if (t.attempts > t.request.maxRetry()) {
        t.state = TaskState.ARCHIVED;
        t.archivedAt = now;
      } else {
        t.state = TaskState.RETRY;
        t.dueAt = now + recoveryDelayMillis;
      }
    }
    return new MaintenanceResult(recovered, expired.size() > recovered);
  }

  @Override
  public synchronized MaintenanceResult purgeExpired(String queue, int limit) {
    long now = clock.millis();
    QueueModel q = queues.get(queue);
    if (q == null) {
      return MaintenanceResult.NONE;
    }
    int removed = 0;
    // Completed tasks whose retention ended, then archived tasks too old, then the oldest archived
    // tasks beyond the size bound; the orders are the listings' orders.
    for (TaskModel t : ordered(q, TaskState.COMPLETED)) {
      if (removed < limit && retainedUntil(t) <= now) {
        remove(q, t, now);
        removed++;
      }
    }
    long oldestKept = now - policy.archiveMaxAge().toMillis();
    for (TaskModel t : ordered(q, TaskState.ARCHIVED)) {
      if (removed < limit && t.archivedAt <= oldestKept) {
        remove(q, t, now);
        removed++;
      }
    }
    List<TaskModel> archived = ordered(q, TaskState.ARCHIVED);
    int excess = archived.size() - policy.archiveMaxSize();
    for (int i = 0; i < excess && removed < limit; i++) {
      remove(q, archived.get(i), now);
      removed++;
    }
    boolean more = ordered(q, TaskState.COMPLETED).stream().anyMatch(t -> retainedUntil(t) <= now)
        || ordered(q, TaskState.ARCHIVED).stream().anyMatch(t -> t.archivedAt <= oldestKept)
        || ordered(q, TaskState.ARCHIVED).size() > policy.archiveMaxSize();
    q.tombstones.values().removeIf(t -> t.until() <= now);
    q.claims.values().removeIf(c -> c.until() <= now);
    q.locks.values().removeIf(l -> l.until() <= now);
    return new MaintenanceResult(removed, more);
  }

  private static long retainedUntil(TaskModel t) {
    return t.completedAt + t.request.retentionMillis();
  }

  // ===================================================================== queues, hints, policy

  @Override
  public synchronized List<String> queues() {
    return List.copyOf(queues.keySet());
  }

  @Override
  public Subscription onWorkAvailable(Collection<String> queueNames, Runnable listener) {
    return () -> { }; // hints may be lost by contract; the model sends none
  }

  @Override
  public BrokerPolicy policy() {
    return policy;
  }

  @Override
  public void close() {}

  // ===================================================================== admin

  @Override
  public synchronized QueueStats stats(String queue) {
    QueueModel q = queues.get(queue);
    if (q == null) {
      return new QueueStats(queue, 0, 0, 0, 0, 0, 0, false);
    }
    return new QueueStats(queue, count(q, TaskState.PENDING), count(q, TaskState.ACTIVE), count(q, TaskState.SCHEDULED),
        count(q, TaskState.RETRY), count(q, TaskState.ARCHIVED), count(q, TaskState.COMPLETED), q.paused);
  }

  private static long count(QueueModel q, TaskState state) {
    return q.tasks.values().stream().filter(t -> t.state == state).count();
  }

  @Override
  public synchronized Page<TaskInfo> list(String queue, TaskState state, int offset, int limit) {
    if (offset < 0 || limit < 1) {
      throw new IllegalArgumentException("offset must be >= 0 and limit >= 1: " + offset + ", " + limit);
    }
    QueueModel q = queues.get(queue);
    List<TaskModel> all = q == null ? List.of() : ordered(q, state);
    List<TaskInfo> items = all.stream().skip(offset).limit(limit).map(ReferenceBroker::info).toList();
    return new Page<>(items, all.size() > offset + limit);
  }

  /**
   * The tasks of one state in the state's total order: PENDING in queue order; SCHEDULED and RETRY
   * by (due time, admission); ACTIVE by (lease expiry, admission); ARCHIVED by (archive time,
   * admission); COMPLETED by (completion time + retention, admission).
   */
  private static List<TaskModel> ordered(QueueModel q, TaskState state) {
    if (state == TaskState.PENDING) {
      return q.pending.stream().map(q.tasks::get).toList();
    }
    Comparator<TaskModel> byScore = switch (state) {
      case SCHEDULED, RETRY -> Comparator.comparingLong(t -> t.dueAt);
      case ACTIVE -> Comparator.comparingLong(t -> t.leaseExpiresAt);
      case ARCHIVED -> Comparator.comparingLong(t -> t.archivedAt);
      case COMPLETED -> Comparator.comparingLong(ReferenceBroker::retainedUntil);
      case PENDING -> throw new AssertionError();
    };
    return q.tasks.values().stream().filter(t -> t.state == state)
        .sorted(byScore.thenComparingLong(t -> t.admission)).toList();
  }

  @Override
  public synchronized Optional<TaskInfo> get(String queue, String taskId) {
    QueueModel q = queues.get(queue);
    TaskModel t = q == null ? null : q.tasks.get(taskId);
    return Optional.ofNullable(t).map(ReferenceBroker::info);
  }

  @Override
  public synchronized void delete(String queue, String taskId) {
    long now = clock.millis();
    QueueModel q = queues.get(queue);
    TaskModel t = existing(q, queue, taskId);
    if (t.state == TaskState.ACTIVE) {
      throw new TaskActiveException(queue, taskId, "delete");
    }
    releaseLock(q, t);
    remove(q, t, now);
  }

  @Override
  public synchronized void runNow(String queue, String taskId) {
    QueueModel q = queues.get(queue);
    TaskModel t = existing(q, queue, taskId);
    switch (t.state) {
      case ACTIVE -> throw new TaskActiveException(queue, taskId, "run");
      case PENDING, COMPLETED -> throw new TaskStateException(queue, taskId, t.state, "run");
      case ARCHIVED -> t.attempts = 0;
      default -> { }
    }
    t.state = TaskState.PENDING;
    q.pending.add(t.id());
  }

  @Override
  public synchronized void archive(String queue, String taskId) {
    long now = clock.millis();
    QueueModel q = queues.get(queue);
    TaskModel t = existing(q, queue, taskId);
    switch (t.state) {
      case ACTIVE -> throw new TaskActiveException(queue, taskId, "archive");
      case ARCHIVED, COMPLETED -> throw new TaskStateException(queue, taskId, t.state, "archive");
      default -> { }
    }
    q.pending.remove(t.id());
    t.state = TaskState.ARCHIVED;
    t.archivedAt = now;
  }

  @Override
  public synchronized void pause(String queue) {
    queues.computeIfAbsent(queue, n -> new QueueModel()).paused = true;
  }

  @Override
  public synchronized void unpause(String queue) {
    // Interpretation: unpausing an unknown queue does not register it.
    QueueModel q = queues.get(queue);
    if (q != null) {
      q.paused = false;
    }
  }

  private static TaskModel existing(QueueModel q, String queue, String taskId) {
    TaskModel t = q == null ? null : q.tasks.get(taskId);
    if (t == null) {
      throw new TaskNotFoundException(queue, taskId);
    }
    return t;
  }

  // ===================================================================== milestones

  /** Kinds of instants at which the model's behaviour changes as time passes, with no call made. */
  public enum Milestone {
    /** A SCHEDULED or RETRY task becomes due. */
    DUE,
    /** A lease expires. */
    LEASE_EXPIRY,
    /** A COMPLETED task's retention ends. */
    RETENTION_END,
    /** An ARCHIVED task becomes older than the archive age bound. */
    ARCHIVE_AGE,
    /** A uniqueness lock ends. */
    UNIQUE_LOCK_END,
    /** A tombstone stops answering. */
    TOMBSTONE_END,
    /** A remembered claim stops being replayed. */
    CLAIM_MEMO_END
  }

  /**
   * The earliest instant of kind {@code kind} strictly after {@code after}, or -1 if there is none.
   * Lets a test step the clock to exactly a boundary, or one millisecond short of it.
   */
  public synchronized long nextMilestone(Milestone kind, long after) {
    long best = -1;
    for (QueueModel q : queues.values()) {
      List<Long> instants = new ArrayList<>();
      switch (kind) {
        case DUE -> q.tasks.values().stream()
            .filter(t -> t.state == TaskState.SCHEDULED || t.state == TaskState.RETRY).forEach(t -> instants.add(t.dueAt));
        case LEASE_EXPIRY -> q.tasks.values().stream()
            .filter(t -> t.state == TaskState.ACTIVE).forEach(t -> instants.add(t.leaseExpiresAt));
        case RETENTION_END -> q.tasks.values().stream()
            .filter(t -> t.state == TaskState.COMPLETED).forEach(t -> instants.add(retainedUntil(t)));
        case ARCHIVE_AGE -> q.tasks.values().stream()
            .filter(t -> t.state == TaskState.ARCHIVED)
            .forEach(t -> instants.add(t.archivedAt + policy.archiveMaxAge().toMillis()));
        case UNIQUE_LOCK_END -> q.locks.values().forEach(l -> instants.add(l.until()));
        case TOMBSTONE_END -> q.tombstones.values().forEach(t -> instants.add(t.until()));
        case CLAIM_MEMO_END -> q.claims.values().forEach(c -> instants.add(c.until()));
      }
      for (long at : instants) {
        if (at > after && (best < 0 || at < best)) {
          best = at;
        }
      }
    }
    return best;
  }

  // ===================================================================== for generators

  /**
   * When the tombstone of {@code taskId} in {@code queue} stops answering, or -1 if there is none
   * in effect at {@code now}. Lets a generator aim id reuse at each stage of a removed task's life.
   */
  public synchronized long tombstoneUntil(String queue, String taskId, long now) {
    QueueModel q = queues.get(queue);
    Tombstone t = q == null ? null : liveTombstone(q, taskId, now);
    return t == null ? -1 : t.until();
  }

  /**
   * When the uniqueness lock on {@code uniqueKey} in {@code queue} ends, or -1 if none is in
   * effect at {@code now}. Lets a generator aim look-alikes at locks whose holder is gone.
   */
  public synchronized long lockUntil(String queue, String uniqueKey, long now) {
    QueueModel q = queues.get(queue);
    UniqueLock l = q == null ? null : q.locks.get(uniqueKey);
    return l == null || now >= l.until() ? -1 : l.until();
  }

  // ===================================================================== presentation

  /** A task as {@link TaskInfo}: state-specific times only in the states they belong to. */
  private static TaskInfo info(TaskModel t) {
    EnqueueRequest r = t.request;
    boolean delayed = t.state == TaskState.SCHEDULED || t.state == TaskState.RETRY;
    return TaskInfo.builder()
        .id(r.taskId()).queue(r.queue()).type(r.type()).payload(r.payload()).headers(r.headers())
        .state(t.state).maxRetry(r.maxRetry()).attempts(t.attempts).claimSequence(t.claimSequence)
        .lastError(t.lastError).lastFailedAt(t.lastFailedAt == null ? null : Instant.ofEpochMilli(t.lastFailedAt))
        .enqueuedAt(Instant.ofEpochMilli(t.enqueuedAt))
        .nextProcessAt(delayed ? Instant.ofEpochMilli(t.dueAt) : null)
        .timeout(r.timeoutMillis() > 0 ? Duration.ofMillis(r.timeoutMillis()) : null)
        .deadline(r.deadlineMillis() > 0 ? Instant.ofEpochMilli(r.deadlineMillis()) : null)
        .retention(Duration.ofMillis(r.retentionMillis()))
        .leaseExpiresAt(t.state == TaskState.ACTIVE ? Instant.ofEpochMilli(t.leaseExpiresAt) : null)
        .completedAt(t.state == TaskState.COMPLETED ? Instant.ofEpochMilli(t.completedAt) : null)
        .archivedAt(t.state == TaskState.ARCHIVED ? Instant.ofEpochMilli(t.archivedAt) : null)
        .build();
  }
}
