package dev.taskbed.inmemory;

import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Page;
import dev.taskbed.QueueStats;
import dev.taskbed.TaskActiveException;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskNotFoundException;
import dev.taskbed.TaskState;
import dev.taskbed.TaskStateException;
import dev.taskbed.env.Environment;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference backend: every queue in memory, every operation under one lock, time from an
 * injected {@link Clock}. Written to be read in one sitting against the {@link Broker} contract;
 * speed is a secondary concern. Also the embedded backend for demos, tests and the simulator.
 *
 * <p>Nothing survives the JVM: "no loss" here means no loss while the process lives.
 */
public final class InMemoryBroker implements Broker, BrokerAdmin {
  private static final Logger log = LoggerFactory.getLogger(InMemoryBroker.class);

  private final Clock clock;
  private final BrokerPolicy policy;
  private final Map<String, QueueData> queues = new TreeMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private boolean closed;

  private record Listener(Set<String> queues, Runnable action) {}

  /** A broker on the system clock with default policy. */
  public static InMemoryBroker create() {
    return new InMemoryBroker(Environment.system().clock(), BrokerPolicy.defaults());
  }

  /** A broker on {@code clock} (e.g. a {@link dev.taskbed.env.ManualClock}) with default policy. */
  public InMemoryBroker(Clock clock) {
    this(clock, BrokerPolicy.defaults());
  }

  public InMemoryBroker(Clock clock, BrokerPolicy policy) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  // ---------------------------------------------------------------- enqueue

  @Override
  public EnqueueResult enqueue(EnqueueRequest req) {
    EnqueueResult result;
    synchronized (this) {
      long now = now();
      result = enqueueLocked(req, now);
    }
    if (result.outcome() == EnqueueOutcome.CREATED) {
      signal(req.queue());
    }
    return result;
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> requests) {
    List<EnqueueResult> results = new ArrayList<>(requests.size());
    Set<String> created = new LinkedHashSet<>();
    synchronized (this) {
      long now = now();
      for (EnqueueRequest r : requests) {
        EnqueueResult result = enqueueLocked(r, now);
        results.add(result);
        if (result.outcome() == EnqueueOutcome.CREATED) {
          created.add(r.queue());
        }
      }
    }
    created.forEach(this::signal);
    return results;
  }

  private EnqueueResult enqueueLocked(EnqueueRequest req, long now) {
    QueueData q = queues.get(req.queue());
    if (q != null) {
      TaskRecord existing = q.tasks.get(req.taskId());
      if (existing != null) {
        return existing.contentHash.equals(req.contentHash())
            ? result(req, EnqueueOutcome.EXISTING, existing.state)
            : result(req, EnqueueOutcome.ID_CONFLICT, null);
      }
      TaskRecord.Tombstone tomb = liveTombstone(q, req.taskId(), now);
      if (tomb != null) {
        return result(req, tomb.contentHash().equals(req.contentHash()) ? EnqueueOutcome.EXISTING : EnqueueOutcome.ID_CONFLICT, null);
      }
      if (req.uniqueKey() != null) {
        QueueData.UniqueLock lock = q.locks.get(req.uniqueKey());
        boolean heldByOther = lock != null && now < lock.until()
            && !(lock.holderId().equals(req.taskId()) && lock.contentHash().equals(req.contentHash()));
        if (heldByOther) {
          return result(req, EnqueueOutcome.DUPLICATE, null);
        }
      }
    } else {
      q = queue(req.queue());
    }
    q.tombstones.remove(req.taskId());
    TaskRecord r = new TaskRecord(req, ++q.admissions, now);
    long dueAt = Math.max(now + req.delayMillis(), req.processAtMillis());
    r.dueAt = dueAt;
    q.tasks.put(r.id, r);
    q.attach(r, dueAt <= now ? TaskState.PENDING : TaskState.SCHEDULED);
    if (req.uniqueKey() != null) {
      q.locks.put(req.uniqueKey(), new QueueData.UniqueLock(req.taskId(), req.contentHash(), dueAt + req.uniqueForMillis()));
    }
    return result(req, EnqueueOutcome.CREATED, r.state);
  }

  private static EnqueueResult result(EnqueueRequest req, EnqueueOutcome outcome, TaskState state) {
    return new EnqueueResult(req.taskId(), req.queue(), outcome, state);
  }

  // ---------------------------------------------------------------- claim

  @Override
  public synchronized ClaimResult claim(ClaimRequest req) {
    long now = now();
    List<Lease> leases = new ArrayList<>();
    Set<String> visited = new LinkedHashSet<>(req.queues());
    Set<String> replayed = new HashSet<>();
    if (req.replay()) {
      // Every lease granted under this id comes back first, however many there are.
      for (String name : visited) {
        QueueData q = queues.get(name);
        if (q != null && replayRecord(q, req.requestId(), now, Integer.MAX_VALUE, leases)) {
          replayed.add(name);
        }
      }
    }
    for (String name : visited) {
      if (leases.size() >= req.maxTasks()) {
        break;
      }
      QueueData q = queues.get(name);
      if (q == null || replayed.contains(name) || replayRecord(q, req.requestId(), now, req.maxTasks(), leases)) {
        continue;
      }
      if (q.paused) {
        continue;
      }
      List<TaskRecord> taken = new ArrayList<>();
      while (leases.size() < req.maxTasks()) {
        TaskRecord r = q.pending.pollFirst();
        if (r == null) {
          r = q.firstDue(now);
          if (r == null) {
            break;
          }
          q.detach(r);
        }
        r.claimSequence++;
        r.leaseExpiresAt = now + req.leaseMillis();
        q.attach(r, TaskState.ACTIVE);
        taken.add(r);
        leases.add(lease(r));
      }
      if (!taken.isEmpty()) {
        q.claims.put(req.requestId(), new QueueData.ClaimRecord(
            taken.stream().map(r -> r.id).toList(),
            taken.stream().map(r -> r.claimSequence).toList(),
            now + req.leaseMillis()));
      }
    }
    long nextDue = -1;
    for (String name : visited) {
      QueueData q = queues.get(name);
      TaskRecord next = q == null || q.paused ? null : q.earliestDelayed();
      if (next != null) {
        long wait = Math.max(0, next.dueAt - now);
        nextDue = nextDue < 0 ? wait : Math.min(nextDue, wait);
      }
    }
    return new ClaimResult(leases, nextDue);
  }

  /**
   * Rule 1 of {@link Broker#claim}: if {@code q} remembers an unexpired claim under
   * {@code requestId}, adds its still-live leases (while fewer than {@code limit} are collected)
   * and returns true; else returns false.
   */
  private static boolean replayRecord(QueueData q, String requestId, long now, int limit, List<Lease> leases) {
    QueueData.ClaimRecord record = q.claims.get(requestId);
    if (record == null || now >= record.expiresAt()) {
      return false;
    }
    for (int i = 0; i < record.taskIds().size() && leases.size() < limit; i++) {
      TaskRecord r = q.tasks.get(record.taskIds().get(i));
      if (r != null && r.state == TaskState.ACTIVE && r.claimSequence == record.claimSequences().get(i)
          && now < r.leaseExpiresAt) {
        leases.add(lease(r));
      }
    }
    return true;
  }

  private static Lease lease(TaskRecord r) {
    return new Lease(r.info(), new LeaseToken(r.queue, r.id, r.claimSequence, r.nonce), r.leaseExpiresAt);
  }

  // ---------------------------------------------------------------- acks

  @Override
  public AckStatus complete(LeaseToken token) {
    return ack(token, AckKind.COMPLETE, (q, r, now) -> {
      releaseLock(q, r);
      if (r.retentionMillis > 0) {
        q.detach(r);
        r.completedAt = now;
        q.attach(r, TaskState.COMPLETED);
      } else {
        remove(q, r, now);
      }
    });
  }

  @Override
  public AckStatus revoke(LeaseToken token) {
    return ack(token, AckKind.REVOKE, (q, r, now) -> {
      releaseLock(q, r);
      remove(q, r, now);
    });
  }

  @Override
  public AckStatus retry(LeaseToken token, long delayMillis, String error, boolean countAttempt) {
    AckStatus status = ack(token, AckKind.RETRY, (q, r, now) -> {
      q.detach(r);
      r.dueAt = now + Math.max(0, delayMillis);
      fail(r, error, countAttempt, now);
      q.attach(r, TaskState.RETRY);
    });
    if (status == AckStatus.OK) {
      signal(token.queue());
    }
    return status;
  }

  @Override
  public AckStatus archive(LeaseToken token, String error, boolean countAttempt) {
    return ack(token, AckKind.ARCHIVE, (q, r, now) -> {
      q.detach(r);
      r.archivedAt = now;
      fail(r, error, countAttempt, now);
      q.attach(r, TaskState.ARCHIVED);
    });
  }

  @Override
  public AckStatus requeue(LeaseToken token) {
    AckStatus status = ack(token, AckKind.REQUEUE, (q, r, now) -> {
      q.detach(r);
      r.state = TaskState.PENDING;
      q.pending.addFirst(r);
    });
    if (status == AckStatus.OK) {
      signal(token.queue());
    }
    return status;
  }

  @Override
  public synchronized AckStatus extendLease(LeaseToken token, long durationMillis) {
    long now = now();
    QueueData q = queues.get(token.queue());
    TaskRecord r = q == null ? null : q.tasks.get(token.taskId());
    if (r == null || !holdsLiveLease(r, token, now)) {
      return AckStatus.LEASE_LOST;
    }
    q.detach(r);
    r.leaseExpiresAt = Math.max(r.leaseExpiresAt, now + durationMillis);
    q.attach(r, TaskState.ACTIVE);
    return AckStatus.OK;
  }

  private interface AckEffect {
    void apply(QueueData q, TaskRecord r, long now);
  }

  /** The ack protocol of the {@link Broker} contract, shared by every ack kind. */
  private synchronized AckStatus ack(LeaseToken token, AckKind kind, AckEffect effect) {
    long now = now();
    QueueData q = queues.get(token.queue());
    if (q == null) {
      return AckStatus.LEASE_LOST;
    }
    TaskRecord r = q.tasks.get(token.taskId());
    if (r != null) {
      if (r.nonce != token.nonce()) {
        return AckStatus.LEASE_LOST;
      }
      if (r.lastAckWas(token.claimSequence(), kind)) {
        return AckStatus.ALREADY_APPLIED;
      }
      if (!holdsLiveLease(r, token, now)) {
        return AckStatus.LEASE_LOST;
      }
      r.lastAckSequence = token.claimSequence();
      r.lastAckKind = kind;
      effect.apply(q, r, now);
      return AckStatus.OK;
    }
    TaskRecord.Tombstone tomb = liveTombstone(q, token.taskId(), now);
    if (tomb != null && tomb.nonce() == token.nonce() && tomb.lastAckWas(token.claimSequence(), kind)) {
      return AckStatus.ALREADY_APPLIED;
    }
    return AckStatus.LEASE_LOST;
  }

  private static boolean holdsLiveLease(TaskRecord r, LeaseToken token, long now) {
    return r.nonce == token.nonce()
        && r.state == TaskState.ACTIVE
        && r.claimSequence == token.claimSequence()
        && now < r.leaseExpiresAt;
  }

  private static void fail(TaskRecord r, String error, boolean countAttempt, long now) {
    if (countAttempt) {
      r.attempts++;
    }
    if (error != null) {
      r.lastError = error;
      r.lastFailedAt = now;
    }
  }

  private void remove(QueueData q, TaskRecord r, long now) {
    q.detach(r);
    q.tasks.remove(r.id);
    q.tombstones.put(r.id, new TaskRecord.Tombstone(r.contentHash, r.nonce, r.lastAckSequence, r.lastAckKind,
        now + policy.idempotencyWindow().toMillis()));
  }

  private static void releaseLock(QueueData q, TaskRecord r) {
    q.locks.values().removeIf(lock -> lock.holderId().equals(r.id) && lock.contentHash().equals(r.contentHash));
  }

  private static TaskRecord.Tombstone liveTombstone(QueueData q, String id, long now) {
    TaskRecord.Tombstone t = q.tombstones.get(id);
    return t != null && now < t.expiresAt() ? t : null;
  }

  // ---------------------------------------------------------------- maintenance

  @Override
  public MaintenanceResult forwardDue(String queue, int limit) {
    MaintenanceResult result;
    synchronized (this) {
      long now = now();
      QueueData q = queues.get(queue);
      if (q == null) {
        return MaintenanceResult.NONE;
      }
      int moved = 0;
      TaskRecord r;
      while (moved < limit && (r = q.firstDue(now)) != null) {
        q.detach(r);
        q.attach(r, TaskState.PENDING);
        moved++;
      }
      result = new MaintenanceResult(moved, q.firstDue(now) != null);
    }
    if (result.processed() > 0) {
      signal(queue);
    }
    return result;
  }

  @Override
  public MaintenanceResult recoverExpiredLeases(String queue, int limit, long recoveryDelayMillis) {
    MaintenanceResult result;
    synchronized (this) {
      long now = now();
      QueueData q = queues.get(queue);
      if (q == null) {
        return MaintenanceResult.NONE;
      }
      int recovered = 0;
      while (recovered < limit && !q.active.isEmpty() && q.active.first().leaseExpiresAt <= now) {
        TaskRecord r = q.active.first();
        q.detach(r);
        fail(r, "lease expired", true, now);
        if (r.attempts > r.maxRetry) {
          r.archivedAt = now;
          q.attach(r, TaskState.ARCHIVED);
        } else {
          r.dueAt = now + Math.max(0, recoveryDelayMillis);
          q.attach(r, TaskState.RETRY);
        }
        recovered++;
      }
      result = new MaintenanceResult(recovered, !q.active.isEmpty() && q.active.first().leaseExpiresAt <= now);
    }
    if (result.processed() > 0) {
      signal(queue);
    }
    return result;
  }

  @Override
  public synchronized MaintenanceResult purgeExpired(String queue, int limit) {
    long now = now();
    QueueData q = queues.get(queue);
    if (q == null) {
      return MaintenanceResult.NONE;
    }
    long ageCutoff = now - policy.archiveMaxAge().toMillis();
    int removed = 0;
    while (removed < limit && !q.completed.isEmpty() && q.completed.first().retainUntil() <= now) {
      remove(q, q.completed.first(), now);
      removed++;
    }
    while (removed < limit && !q.archived.isEmpty() && q.archived.first().archivedAt <= ageCutoff) {
      remove(q, q.archived.first(), now);
      removed++;
    }
    while (removed < limit && q.archived.size() > policy.archiveMaxSize()) {
      remove(q, q.archived.first(), now);
      removed++;
    }
    boolean more = (!q.completed.isEmpty() && q.completed.first().retainUntil() <= now)
        || (!q.archived.isEmpty() && q.archived.first().archivedAt <= ageCutoff)
        || q.archived.size() > policy.archiveMaxSize();
    q.tombstones.values().removeIf(t -> t.expiresAt() <= now);
    q.claims.values().removeIf(c -> c.expiresAt() <= now);
    q.locks.values().removeIf(l -> l.until() <= now);
    return new MaintenanceResult(removed, more);
  }

  // ---------------------------------------------------------------- queues and hints

  @Override
  public synchronized List<String> queues() {
    ensureOpen();
    return List.copyOf(queues.keySet());
  }

  @Override
  public Subscription onWorkAvailable(Collection<String> queueNames, Runnable listener) {
    Listener l = new Listener(Set.copyOf(queueNames), Objects.requireNonNull(listener, "listener"));
    listeners.add(l);
    return () -> listeners.remove(l);
  }

  private void signal(String queue) {
    for (Listener l : listeners) {
      if (l.queues().contains(queue)) {
        try {
          l.action().run();
        } catch (RuntimeException e) {
          log.warn("work listener failed", e);
        }
      }
    }
  }

  @Override
  public BrokerPolicy policy() {
    return policy;
  }

  @Override
  public synchronized void close() {
    closed = true;
    listeners.clear();
  }

  // ---------------------------------------------------------------- admin

  @Override
  public synchronized QueueStats stats(String queue) {
    ensureOpen();
    QueueData q = queues.get(queue);
    if (q == null) {
      return new QueueStats(queue, 0, 0, 0, 0, 0, 0, false);
    }
    return new QueueStats(queue, q.count(TaskState.PENDING), q.count(TaskState.ACTIVE), q.count(TaskState.SCHEDULED),
        q.count(TaskState.RETRY), q.count(TaskState.ARCHIVED), q.count(TaskState.COMPLETED), q.paused);
  }

  @Override
  public synchronized Page<TaskInfo> list(String queue, TaskState state, int offset, int limit) {
    ensureOpen();
    if (offset < 0 || limit < 1) {
      throw new IllegalArgumentException("offset must be >= 0 and limit >= 1: " + offset + ", " + limit);
    }
    QueueData q = queues.get(queue);
    if (q == null) {
      return new Page<>(List.of(), false);
    }
    List<TaskInfo> items = new ArrayList<>();
    int index = 0;
    boolean more = false;
    for (TaskRecord r : q.container(state)) {
      if (index++ < offset) {
        continue;
      }
      if (items.size() == limit) {
        more = true;
        break;
      }
      items.add(r.info());
    }
    return new Page<>(items, more);
  }

  @Override
  public synchronized Optional<TaskInfo> get(String queue, String taskId) {
    ensureOpen();
    QueueData q = queues.get(queue);
    TaskRecord r = q == null ? null : q.tasks.get(taskId);
    return Optional.ofNullable(r).map(TaskRecord::info);
  }

  @Override
  public synchronized void delete(String queue, String taskId) {
    long now = now();
    QueueData q = queues.get(queue);
    TaskRecord r = existing(q, queue, taskId);
    if (r.state == TaskState.ACTIVE) {
      throw new TaskActiveException(queue, taskId, "delete");
    }
    releaseLock(q, r);
    remove(q, r, now);
  }

  @Override
  public void runNow(String queue, String taskId) {
    synchronized (this) {
      ensureOpen();
      QueueData q = queues.get(queue);
      TaskRecord r = existing(q, queue, taskId);
      switch (r.state) {
        case ACTIVE -> throw new TaskActiveException(queue, taskId, "run");
        case PENDING, COMPLETED -> throw new TaskStateException(queue, taskId, r.state, "run");
        default -> {
          q.detach(r);
          if (r.state == TaskState.ARCHIVED) {
            r.attempts = 0;
          }
          q.attach(r, TaskState.PENDING);
        }
      }
    }
    signal(queue);
  }

  @Override
  public synchronized void archive(String queue, String taskId) {
    long now = now();
    QueueData q = queues.get(queue);
    TaskRecord r = existing(q, queue, taskId);
    switch (r.state) {
      case ACTIVE -> throw new TaskActiveException(queue, taskId, "archive");
      case ARCHIVED, COMPLETED -> throw new TaskStateException(queue, taskId, r.state, "archive");
      default -> {
        q.detach(r);
        r.archivedAt = now;
        q.attach(r, TaskState.ARCHIVED);
      }
    }
  }

  @Override
  public synchronized void pause(String queue) {
    ensureOpen();
    queue(queue).paused = true;
  }

  @Override
  public synchronized void unpause(String queue) {
    ensureOpen();
    QueueData q = queues.get(queue);
    if (q != null) {
      q.paused = false;
    }
  }

  // ---------------------------------------------------------------- helpers

  private TaskRecord existing(QueueData q, String queue, String taskId) {
    TaskRecord r = q == null ? null : q.tasks.get(taskId);
    if (r == null) {
      throw new TaskNotFoundException(queue, taskId);
    }
    return r;
  }

  private QueueData queue(String name) {
    return queues.computeIfAbsent(name, n -> new QueueData());
  }

  /** Reads the one {@code now} of an operation, after checking the broker is open. */
  private long now() {
    ensureOpen();
    return clock.millis();
  }

  private void ensureOpen() {
    if (closed) {
      throw new BrokerUnavailableException("in-memory broker is closed");
    }
  }
}
