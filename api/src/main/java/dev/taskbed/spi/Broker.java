package dev.taskbed.spi;

import dev.taskbed.BrokerFullException;
import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueOutcomeUnknownException;
import dev.taskbed.EnqueueResult;
import dev.taskbed.TaskbedException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The worker-path primitives a backend implements. Everything else (retry policy, backoff, queue
 * selection, heartbeats, shutdown) lives in the runtime above it. See the package documentation
 * for the eight contract points and the determinism rules; this page states each operation
 * exactly, as the conformance suite judges it.
 *
 * <p><b>Thread-safety:</b> implementations are thread-safe; every method is one atomic operation
 * per queue (a claim over several queues is a sequence of per-queue atomic claims).
 * <b>Blocking:</b> methods may block on I/O; none blocks waiting for work.
 *
 * <h2>Acks</h2>
 *
 * {@link #complete}, {@link #revoke}, {@link #retry}, {@link #archive}, {@link #requeue} and
 * {@link #extendLease} take a {@link LeaseToken} and are judged the same way, in this order:
 * <ol>
 *   <li>If no record or unexpired tombstone with the token's id exists in the queue, or its nonce
 *       differs: {@link AckStatus#LEASE_LOST}.
 *   <li>If the record's last applied ack equals (token's claim sequence, this call's
 *       {@link AckKind}): {@link AckStatus#ALREADY_APPLIED}, nothing changes.
 *   <li>If the lease is live (state ACTIVE, same claim sequence, {@code now < leaseExpiresAt}):
 *       the call is applied, the last ack is recorded, {@link AckStatus#OK}.
 *   <li>Otherwise {@link AckStatus#LEASE_LOST}, nothing changes.
 * </ol>
 * An applied ack ends the lease. {@link #extendLease} is never recorded as a last ack.
 * {@link AckStatus#LEASE_LOST} is final for the token: a queue's {@code now} never goes backwards
 * (a backend on a server clock keeps it monotonic per queue, and every fencing decision, a
 * refusal included, counts as a reading of it), so no later call with that token finds the lease
 * live again, also after the clock steps back or a failover to a node whose clock is behind.
 *
 * <h2>Tombstones</h2>
 *
 * Removing a task (completion without retention, revoke, admin delete, purge) leaves a tombstone
 * (id, content hash, nonce, last ack) that is in effect for {@link BrokerPolicy#idempotencyWindow()}
 * from its removal: late enqueue retries and repeated acks still get their original answers.
 */
public interface Broker extends AutoCloseable {

  /**
   * Enqueues one task.
   *
   * <ol>
   *   <li>If a record or an unexpired tombstone with this id exists in the queue: outcome
   *       {@code EXISTING} (with the record's state; {@code null} for a tombstone) when its content
   *       hash equals the request's, else {@code ID_CONFLICT}. Nothing changes.
   *   <li>If {@code uniqueKey} is set and its lock is in effect ({@code now < until}) for another
   *       (id, content hash): {@code DUPLICATE}. Nothing changes.
   *   <li>Otherwise the task is created with the next admission sequence and
   *       {@code dueAt = max(now + delayMillis, processAtMillis)}: PENDING at the tail of its queue
   *       if {@code dueAt <= now}, else SCHEDULED. The uniqueness lock, if requested, is taken
   *       until {@code dueAt + uniqueForMillis}. The queue becomes registered. Outcome
   *       {@code CREATED}.
   * </ol>
   * Signals work listeners of the queue when a task is created. {@code ID_CONFLICT} and
   * {@code DUPLICATE} are answers, not exceptions, at this level; the client turns them into
   * {@link dev.taskbed.TaskIdConflictException} and {@link dev.taskbed.DuplicateTaskException}.
   *
   * <p>A backend that retries keeps the doubt: once an attempt may have been applied, the call fails
   * only with {@link EnqueueOutcomeUnknownException}, whatever ends its retries (attempts used up,
   * a later attempt refused, an interrupt while it waits to retry, the broker closed).
   *
   * @return outcome {@code CREATED}, {@code EXISTING}, {@code ID_CONFLICT} or {@code DUPLICATE}
   * @throws EnqueueOutcomeUnknownException if the request may have been applied
   * @throws BrokerUnavailableException if the request certainly was not applied
   * @throws BrokerFullException if the backend is out of memory (not applied)
   */
  EnqueueResult enqueue(EnqueueRequest request);

  /**
   * Enqueues many tasks, one result per request in input order. Each request is judged as by
   * {@link #enqueue}; there is no atomicity across requests.
   * <ol>
   *   <li><b>Order.</b> The requests of one queue that this call creates are admitted in input
   *       order (a later one never gets the lower admission sequence). A request the call could not
   *       apply (refused, unanswered) is not applied by this call after a later request of its queue
   *       was admitted; it is reported as in rule 3.
   *   <li><b>Results or a throw.</b> The call throws only when it applied no request: then
   *       {@link BrokerFullException} if the backend refused at least one request for
   *       lack of memory, else {@link BrokerUnavailableException}. Once any request was or may have
   *       been applied, the call returns a result for every request, so that the caller learns the
   *       outcomes it has.
   *   <li><b>UNKNOWN.</b> A request the call has no answer for is {@link EnqueueOutcome#UNKNOWN}:
   *       not acknowledged, and safe to retry with the same id. It may have been applied (a lost
   *       reply) or certainly was not (refused for lack of memory, or not sent after an earlier
   *       failure); the result does not tell which.
   * </ol>
   * The default calls {@link #enqueue} in a loop (and so never applies a request out of order);
   * backends override it to pipeline.
   *
   * @throws BrokerUnavailableException if no request was applied because the backend is unreachable
   * @throws BrokerFullException if no request was applied and the backend refused one
   *     for lack of memory
   */
  default List<EnqueueResult> enqueueBatch(List<EnqueueRequest> requests) {
    List<EnqueueResult> results = new ArrayList<>(requests.size());
    for (EnqueueRequest r : requests) {
      try {
        results.add(enqueue(r));
      } catch (TaskbedException e) {
        if (results.isEmpty() && (e instanceof BrokerUnavailableException || e instanceof BrokerFullException)) {
          throw e; // nothing applied yet, and nothing will be: the call ends here (rule 2)
        }
        results.add(new EnqueueResult(r.taskId(), r.queue(), EnqueueOutcome.UNKNOWN, null));
      }
    }
    return results;
  }

  /**
   * Claims up to {@code maxTasks} tasks, visiting {@code queues} in the given order and filling
   * from each before the next. Unknown queues are skipped; a queue listed twice is visited once, at
   * its first position. For each visited queue, while fewer than {@code maxTasks} leases are
   * collected:
   * <ol>
   *   <li>If this queue already served a claim with the same {@code requestId} whose record has not
   *       expired, the leases from it that are still live are returned again (current expiry, in
   *       the order they were granted), and nothing new is claimed from this queue.
   *   <li>Otherwise, unless the queue is paused: take tasks from the head of PENDING; then, while
   *       more are wanted, take due SCHEDULED and RETRY tasks directly, in (due time, admission
   *       sequence) order. Each taken task becomes ACTIVE with its claim sequence incremented and
   *       {@code leaseExpiresAt = now + leaseMillis}; the claim is remembered under
   *       {@code requestId} until that time.
   * </ol>
   * A claim that takes nothing from a queue leaves no record there (a repeat of the request may then
   * claim from it). Never returns a task before it is due; never returns empty while a listed,
   * unpaused queue holds a due task and {@code maxTasks} is not reached.
   * {@link ClaimResult#millisUntilNextDue()} describes the queues as this claim leaves them.
   *
   * <p><b>Replay.</b> Without {@link ClaimRequest#replay()}, a queue's record is consulted only
   * when the claim reaches that queue, so a repeat that fills up on an earlier queue never sees the
   * leases remembered in a later one. With {@code replay} set, the claim runs in two passes:
   * <ol>
   *   <li>Every listed queue, in the given order: if it has an unexpired record under
   *       {@code requestId}, all its leases that are still live are collected, even beyond
   *       {@code maxTasks} (they were granted already; leaving one out would strand it ACTIVE with
   *       no worker until its lease expires).
   *   <li>Then the listed queues that had no such record are visited in order as above (rule 2),
   *       for new tasks while fewer than {@code maxTasks} leases are collected in all.
   * </ol>
   * The result lists the replayed leases first (in the order of pass 1), then the new ones. So
   * every lease granted under a request id, by its first attempt or by an earlier replay, comes back
   * from any replay of it while live, whatever order the replay lists the queues in and whatever
   * arrived in them meanwhile. A resend of a claim whose reply was not received must set
   * {@code replay} and keep the request id, and should keep {@code maxTasks}.
   */
  ClaimResult claim(ClaimRequest request);

  /**
   * Acks a successful attempt (kind {@link AckKind#COMPLETE}). With retention the task becomes
   * COMPLETED ({@code completedAt = now}, kept until {@code now + retention}); without it the task
   * is removed, leaving a tombstone. Either way the task's uniqueness lock is released.
   */
  AckStatus complete(LeaseToken token);

  /**
   * {@link #complete} for many tokens, one status per token in order; each is judged on its own.
   * The runtime coalesces completions into this call. The default loops; backends override it to
   * save round trips.
   */
  default List<AckStatus> completeAll(List<LeaseToken> tokens) {
    List<AckStatus> out = new ArrayList<>(tokens.size());
    for (LeaseToken t : tokens) {
      out.add(complete(t));
    }
    return out;
  }

  /**
   * Drops the task (kind {@link AckKind#REVOKE}): removed regardless of retention, tombstone left,
   * uniqueness lock released.
   */
  AckStatus revoke(LeaseToken token);

  /**
   * Schedules another attempt (kind {@link AckKind#RETRY}): RETRY due at {@code now + delayMillis};
   * attempts grow by one when {@code countAttempt}; {@code error} (if not null) becomes the last
   * error at {@code now}.
   */
  AckStatus retry(LeaseToken token, long delayMillis, String error, boolean countAttempt);

  /**
   * Archives the task (kind {@link AckKind#ARCHIVE}): ARCHIVED at {@code now}; attempts grow by one
   * when {@code countAttempt}; {@code error} (if not null) becomes the last error at {@code now}.
   * The uniqueness lock is kept until it expires.
   */
  AckStatus archive(LeaseToken token, String error, boolean countAttempt);

  /**
   * Gives the task back (kind {@link AckKind#REQUEUE}): PENDING at the <em>head</em> of its queue,
   * attempts unchanged. Signals work listeners.
   */
  AckStatus requeue(LeaseToken token);

  /**
   * Extends a live lease: {@code leaseExpiresAt = max(leaseExpiresAt, now + durationMillis)}.
   * Never revives an expired lease ({@link AckStatus#LEASE_LOST}); never answers
   * {@link AckStatus#ALREADY_APPLIED}.
   */
  AckStatus extendLease(LeaseToken token, long durationMillis);

  /**
   * {@link #extendLease} for many tokens, one status per token in order. The default loops;
   * backends override it to pipeline.
   */
  default List<AckStatus> extendLeases(List<LeaseToken> tokens, long durationMillis) {
    List<AckStatus> out = new ArrayList<>(tokens.size());
    for (LeaseToken t : tokens) {
      out.add(extendLease(t, durationMillis));
    }
    return out;
  }

  /**
   * Moves up to {@code limit} due SCHEDULED and RETRY tasks of {@code queue}, in (due time,
   * admission sequence) order, to the tail of PENDING. Runs on paused queues too. Signals work
   * listeners when something moved.
   */
  MaintenanceResult forwardDue(String queue, int limit);

  /**
   * Recovers up to {@code limit} ACTIVE tasks of {@code queue} whose lease expired
   * ({@code leaseExpiresAt <= now}), in (lease expiry, admission sequence) order. Each counts an
   * attempt and records the last error {@code "lease expired"} at {@code now}; it is archived if
   * its attempts now exceed {@code maxRetry}, else moved to RETRY due at
   * {@code now + recoveryDelayMillis}.
   */
  MaintenanceResult recoverExpiredLeases(String queue, int limit, long recoveryDelayMillis);

  /**
   * Removes up to {@code limit} expired tasks of {@code queue}, leaving tombstones, in this order:
   * COMPLETED tasks whose retention ended (completion time + retention {@code <= now}); ARCHIVED
   * tasks archived at or before {@code now - archiveMaxAge}; then the oldest ARCHIVED tasks while
   * more than {@code archiveMaxSize} remain. Also drops expired tombstones, claim records and
   * uniqueness locks; those are invisible to callers and not counted.
   */
  MaintenanceResult purgeExpired(String queue, int limit);

  /** Every registered queue (one that ever received a task or was paused), sorted by name. */
  List<String> queues();

  /**
   * Registers a hint listener: called, on an arbitrary thread and without locks held, when a task
   * may have become claimable in one of {@code queues} (enqueue, forward, requeue, retry, run-now).
   * Hints can be lost; workers still claim after a bounded fallback interval. The listener must not
   * block.
   *
   * <p>What the conformance kit holds a broker to, once the listener has been called for the
   * first time (a subscription may need time to be in place, and hints sent before that may be
   * lost): a hint follows every operation that makes a queue's PENDING list non-empty, and every
   * one that moves the earliest due time of its SCHEDULED or RETRY tasks earlier, where an idle
   * worker would otherwise sleep through work. More hints than that are allowed. A listener that
   * calls the broker from another thread must not be blocked by the call that hinted.
   */
  Subscription onWorkAvailable(Collection<String> queues, Runnable listener);

  /** The retention limits this broker applies. */
  BrokerPolicy policy();

  /** Releases connections and threads; further calls fail. Idempotent. */
  @Override
  void close();
}
