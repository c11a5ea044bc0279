package dev.taskbed.internal;

import dev.taskbed.CancelReason;
import dev.taskbed.Handler;
import dev.taskbed.Server;
import dev.taskbed.Task;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskbedException;
import dev.taskbed.WorkerConfig;
import dev.taskbed.env.Cancellable;
import dev.taskbed.env.Environment;
import dev.taskbed.event.TaskbedEvent;
import dev.taskbed.event.TaskbedListener;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequests;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import dev.taskbed.spi.MaintenanceResult;
import dev.taskbed.spi.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker runtime behind {@link Server}.
 *
 * <h2>How an attempt is kept safe</h2>
 *
 * A claimed task is held under a lease that the broker judges on its own clock. The engine keeps
 * its own, conservative view of that lease on the environment's monotonic clock: the lease is
 * trusted until (send time of the last claim or extend the broker confirmed) + lease − margin.
 * Measuring from the <em>send</em> time means a slow reply can only make the engine more cautious;
 * for a claim resent after a lost reply it is the <em>first</em> send, since the replay returns
 * leases granted then, with their original expiry.
 * When that point passes without a fresh confirmation (Redis unreachable, a long GC pause), the
 * engine fences itself: it cancels the handler and discards whatever it produces, without asking
 * the broker, because by then another worker may legitimately hold the task. The broker's fencing
 * tokens make the same guarantee from the other side: a late ack is refused with
 * {@code LEASE_LOST}.
 *
 * <p>A handler cancelled for timeout, deadline or shutdown keeps its slot, and its lease keeps
 * being renewed, until it returns or {@link WorkerConfig#cancelGrace()} passes; only a returned
 * handler is acked. A handler that ignores cancellation is abandoned to lease expiry, so two
 * executions of one task overlap only if a lease expired between them. The abandoned handler still
 * holds its thread, so it keeps its slot ({@link #stuckHandlers()}) until it returns: with the owned
 * pool of {@code concurrency} threads, a newly claimed task never queues behind it.
 *
 * <h2>Threads</h2>
 *
 * All state is guarded by one lock; broker I/O and handler invocation happen outside it. Claims
 * run one round at a time in the background; timers only enqueue work. On a
 * {@link dev.taskbed.env.VirtualEnvironment} everything runs as events on the driving thread, so a
 * run replays exactly from its seed.
 */
public final class WorkerEngine implements Server {
  private static final Logger log = LoggerFactory.getLogger(WorkerEngine.class);
  /** Most leases one claim asks for, to keep each broker call short. */
  static final int MAX_CLAIM_BATCH = 100;
  /**
   * Most completions sent in one coalesced call. This is the one place acks are batched: the
   * runtime knows how many handlers are still running (so whether waiting for more can pay off)
   * and which leases can still be trusted, and batching here serves every backend through
   * {@link Broker#completeAll}; brokers send each call as they get it.
   */
  static final int MAX_ACK_BATCH = 100;
  /** Maintenance calls per queue per tick; the rest waits for the next tick. */
  private static final int MAX_MAINTENANCE_ROUNDS = 10;

  private enum Phase { NEW, RUNNING, STOPPED, SHUTTING_DOWN, TERMINATED }

  private final Broker broker;
  /** Where every event goes: the logging listener and the configured ones, isolated from their exceptions. */
  private final TaskbedListener events;
  private final WorkerConfig config;
  private final TaskInvoker invoker;
  private final Environment env;
  private final Runnable onTerminate;
  private final QueueSelector selector;
  private final long leaseMillis;
  private final long trustNanos;

  private final Object lock = new Object();
  private Phase phase = Phase.NEW;
  /** Every attempt whose lease this worker holds: running, or returned and waiting for its ack. */
  private final Map<LeaseToken, Attempt> inFlight = new LinkedHashMap<>();
  /** Attempts in {@link #inFlight} whose handler has not returned. */
  private int running;
  /**
   * Handlers given up after their cancel grace that have not returned yet. They still hold a
   * thread (or a place in the executor's queue), so they still count against the concurrency:
   * {@code running + stuck <= concurrency}.
   */
  private int stuck;
  private boolean claimActive;
  private boolean claimAgain;
  private int claimFailures;
  /** The claim whose reply was not received, to be resent as a replay; null when none is owed. */
  private Unanswered unanswered;
  /** Whether the one replay a stopping server sends for {@link #unanswered} has been started. */
  private boolean finalReplayStarted;
  private Cancellable pollTimer;
  /** After the executor refused a handler, hints start no claim before this (monotonic nanos). */
  private long claimsPausedUntil = Long.MIN_VALUE;
  private Cancellable shutdownTimer;
  private Subscription wakeups;
  private final List<Periodic> maintenance = new ArrayList<>();
  private Periodic heartbeat;
  private final List<Attempt> completions = new ArrayList<>();
  private Cancellable completionFlush;
  private final CompletableFuture<Void> terminated = new CompletableFuture<>();

  /**
   * @param onTerminate runs once when the engine has terminated (e.g. releases an owned executor)
   */
  public WorkerEngine(Broker broker, WorkerConfig config, TaskInvoker invoker, Environment env, Runnable onTerminate) {
    this.config = Objects.requireNonNull(config, "config");
    this.invoker = Objects.requireNonNull(invoker, "invoker");
    this.env = Objects.requireNonNull(env, "env");
    List<TaskbedListener> all = new ArrayList<>();
    if (config.logging().enabled()) {
      all.add(new LoggingListener(config.logging(), env));
    }
    all.addAll(config.listeners());
    this.events = TaskbedListener.composite(all);
    this.broker = new ObservedBroker(Objects.requireNonNull(broker, "broker"), events, env);
    this.onTerminate = Objects.requireNonNull(onTerminate, "onTerminate");
    this.selector = new QueueSelector(config.queues(), config.strictPriority());
    this.leaseMillis = config.leaseDuration().toMillis();
    long marginMillis = Math.max(1, leaseMillis / 10);
    this.trustNanos = Duration.ofMillis(leaseMillis - marginMillis).toNanos();
  }

  /** A server running {@code handler} on {@code config.executor()}, or on a pool it owns. */
  public static WorkerEngine forHandler(Broker broker, WorkerConfig config, Handler handler, Environment env) {
    ExecutorInvoker invoker = new ExecutorInvoker(handler);
    Executor executor = config.executor();
    Runnable release = () -> {};
    if (executor == null) {
      Executor owned = env.newHandlerExecutor(config.concurrency());
      executor = owned;
      release = () -> env.releaseHandlerExecutor(owned);
    }
    invoker.useExecutor(executor);
    return new WorkerEngine(broker, config, invoker, env, release);
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public void start() {
    synchronized (lock) {
      if (phase != Phase.NEW) {
        throw new IllegalStateException("server already started (" + phase + ")");
      }
      phase = Phase.RUNNING;
      wakeups = broker.onWorkAvailable(config.queues().keySet(), this::requestClaim);
      heartbeat = new Periodic("heartbeat", config.heartbeatInterval(), this::heartbeat);
      maintenance.add(new Periodic("forwarder", config.forwardInterval(), this::forwardDue));
      maintenance.add(new Periodic("recoverer", config.recoverInterval(), this::recoverExpiredLeases));
      maintenance.add(new Periodic("janitor", config.janitorInterval(), this::purgeExpired));
      heartbeat.start(config.heartbeatInterval());
      // Recover at once (a restarted fleet should not wait a full interval), stagger the rest.
      maintenance.get(2).start(jitter(config.janitorInterval()));
      maintenance.get(1).start(Duration.ZERO);
      maintenance.get(0).start(jitter(config.forwardInterval()));
    }
    requestClaim();
  }

  @Override
  public void stop() {
    boolean replay = false;
    synchronized (lock) {
      if (phase == Phase.RUNNING) {
        phase = Phase.STOPPED;
        stopClaimingLocked();
        replay = startFinalReplayLocked();
      }
    }
    if (replay) {
      env.execute(this::claimRound);
    }
  }

  @Override
  public CompletionStage<Void> shutdownAsync() {
    boolean terminateNow = false;
    boolean replay = false;
    synchronized (lock) {
      switch (phase) {
        case NEW -> {
          phase = Phase.TERMINATED;
          terminateNow = true;
        }
        case RUNNING, STOPPED -> {
          phase = Phase.SHUTTING_DOWN;
          stopClaimingLocked();
          maintenance.forEach(Periodic::stop);
          shutdownTimer = env.schedule(config.shutdownTimeout(), this::cancelForShutdown);
          replay = startFinalReplayLocked();
        }
        default -> {}
      }
    }
    if (replay) {
      env.execute(this::claimRound);
    }
    if (terminateNow) {
      terminate();
    } else {
      maybeTerminate();
    }
    return terminated;
  }

  /**
   * Simulates a process crash: everything stops at once, nothing is acked or requeued, running
   * handlers' results are ignored and handlers not started yet never start. Leases are left to
   * expire, as after a real {@code kill -9}; only the leases of a claim still in flight are given
   * back when its reply arrives (a dead process would never have seen them).
   */
  public void crash() {
    synchronized (lock) {
      if (phase == Phase.TERMINATED) {
        return;
      }
      phase = Phase.TERMINATED;
      stopClaimingLocked();
      maintenance.forEach(Periodic::stop);
      if (heartbeat != null) {
        heartbeat.stop();
      }
      if (shutdownTimer != null) {
        shutdownTimer.cancel();
      }
      for (Attempt a : List.copyOf(inFlight.values())) {
        finishLocked(a);
      }
      completions.clear(); // never sent: those tasks run again once their leases expire
      cancel(completionFlush);
    }
    terminate();
  }

  @Override
  public int activeTasks() {
    synchronized (lock) {
      return inFlight.size();
    }
  }

  /**
   * Handlers that ignored cancellation past {@link WorkerConfig#cancelGrace()} and have not
   * returned yet. Their tasks were given up to lease recovery, but each still takes one of the
   * {@link WorkerConfig#concurrency()} slots until it returns.
   */
  public int stuckHandlers() {
    synchronized (lock) {
      return stuck;
    }
  }

  /** Whether the engine has terminated (after shutdown or crash). */
  public boolean isTerminated() {
    return terminated.isDone();
  }

  /**
   * A server that stops while it owes a replay (a claim's reply was lost) sends it once more, so
   * the leases granted to the lost reply are given back instead of waiting for lease recovery,
   * which would count an attempt. Returns whether the caller must run that claim round.
   */
  private boolean startFinalReplayLocked() {
    if (unanswered == null || claimActive || finalReplayStarted) {
      return false;
    }
    finalReplayStarted = true;
    claimActive = true;
    return true;
  }

  private void stopClaimingLocked() {
    if (wakeups != null) {
      wakeups.close();
    }
    if (pollTimer != null) {
      pollTimer.cancel();
    }
  }

  private void cancelForShutdown() {
    List<Attempt> running;
    synchronized (lock) {
      running = inFlight.values().stream().filter(a -> !a.returned).toList();
    }
    if (!running.isEmpty()) {
      log.info("shutdown timeout passed; cancelling {} running task(s) to requeue them", running.size());
    }
    running.forEach(a -> cancelAttempt(a, CancelReason.SHUTDOWN));
  }

  private void maybeTerminate() {
    synchronized (lock) {
      if (phase != Phase.SHUTTING_DOWN || !inFlight.isEmpty() || claimActive) {
        return;
      }
      phase = Phase.TERMINATED;
      if (heartbeat != null) {
        heartbeat.stop();
      }
      if (shutdownTimer != null) {
        shutdownTimer.cancel();
      }
    }
    terminate();
  }

  private void terminate() {
    try {
      onTerminate.run();
    } finally {
      terminated.complete(null);
    }
  }

  // ---------------------------------------------------------------- claiming

  private void requestClaim() {
    synchronized (lock) {
      if (phase != Phase.RUNNING) {
        return;
      }
      if (claimActive) {
        claimAgain = true;
        return;
      }
      if (freeSlotsLocked() <= 0 || env.nanoTime() < claimsPausedUntil) {
        return; // a finishing attempt or the pause's timer asks again
      }
      claimActive = true;
      if (pollTimer != null) {
        pollTimer.cancel();
      }
    }
    env.execute(this::claimRound);
  }

  /**
   * A slot is free once its handler returns, so the next task runs while the completion waits for
   * its flush; leases still waiting for their ack are capped at one more concurrency's worth.
   */
  private int freeSlotsLocked() {
    return Math.min(config.concurrency() - running - stuck, 2 * config.concurrency() - inFlight.size());
  }

  private void claimRound() {
    int want;
    boolean proceed;
    synchronized (lock) {
      want = Math.min(freeSlotsLocked(), MAX_CLAIM_BATCH);
      boolean finalReplay = unanswered != null && (phase == Phase.STOPPED || phase == Phase.SHUTTING_DOWN);
      proceed = finalReplay || (phase == Phase.RUNNING && want > 0);
      if (!proceed) {
        claimActive = false;
        claimAgain = false;
      }
    }
    if (!proceed) {
      maybeTerminate(); // shutdown may have been waiting for this round
      return;
    }
    ClaimRequest request;
    long sent;
    synchronized (lock) {
      // After a failed claim the same request is resent as a replay (same id, same want), so every
      // lease granted to the lost reply comes back whatever the new queue order finds meanwhile.
      // Its leases may date from the first send, so they are trusted from then, not from now.
      if (unanswered != null) {
        request = unanswered.request().asReplay();
        sent = unanswered.firstSentNanos();
      } else {
        request = new ClaimRequest(EnqueueRequests.newTaskId(env.random()), selector.order(env.random()), want, leaseMillis);
        sent = env.nanoTime();
      }
    }
    ClaimResult result;
    try {
      result = broker.claim(request);
    } catch (RuntimeException e) {
      Duration backoff;
      synchronized (lock) {
        unanswered = new Unanswered(request, sent);
        claimActive = false;
        claimFailures++;
        backoff = claimBackoff(claimFailures);
        if (phase == Phase.RUNNING) {
          pollTimer = env.schedule(backoff, this::requestClaim);
        } else if (startFinalReplayLocked()) {
          env.schedule(backoff, () -> env.execute(this::claimRound));
        } else if (phase != Phase.TERMINATED) {
          log.warn("stopped without the reply of a claim: tasks it may have leased run again once their leases expire");
        }
        if (claimFailures == 1) {
          routine("claim failed; retrying in " + backoff + " (further failures logged at debug)", e);
        } else {
          log.debug("claim failed {} times in a row; retrying in {}", claimFailures, backoff, e);
        }
      }
      maybeTerminate();
      return;
    }
    List<Attempt> started = new ArrayList<>(result.leases().size());
    List<Attempt> givenBack = new ArrayList<>();
    String whyGivenBack = null;
    boolean again;
    synchronized (lock) {
      unanswered = null;
      if (claimFailures > 0) {
        log.debug("claims succeed again after {} failure(s)", claimFailures); // the outage itself is an event
        claimFailures = 0;
      }
      claimActive = false;
      for (Lease lease : result.leases()) {
        Attempt a = trackLocked(lease, sent);
        if (a == null) {
          continue;
        }
        String why = reasonNotToStartLocked(sent);
        if (why == null) {
          runLocked(a);
          started.add(a);
        } else {
          a.returned = true; // never started: only the requeue below is left to do
          givenBack.add(a);
          whyGivenBack = why;
        }
      }
      again = phase == Phase.RUNNING && (claimAgain || result.leases().size() >= want);
      claimAgain = false;
      if (!again && phase == Phase.RUNNING) {
        long poll = config.maxPollInterval().toMillis();
        long next = result.millisUntilNextDue();
        long wait = next >= 0 ? Math.max(1, Math.min(poll, next)) : poll;
        pollTimer = env.schedule(Duration.ofMillis(wait), this::requestClaim);
      }
    }
    started.forEach(this::invoke);
    if (!givenBack.isEmpty()) {
      log.info("giving back {} claimed task(s) untouched: {}", givenBack.size(), whyGivenBack);
      givenBack.forEach(a -> {
        a.requeueReason = TaskbedEvent.RequeueReason.NOT_STARTED;
        sendAck(a, new AckPlan.Requeue(), 1);
      });
    }
    if (again) {
      requestClaim();
    }
    maybeTerminate();
  }

  /** A claim whose reply was not received: resent unchanged, its leases trusted from its first send. */
  private record Unanswered(ClaimRequest request, long firstSentNanos) {}

  /**
   * Why a lease that just arrived must be given back (requeued, no attempt counted) instead of
   * run, or null to run it.
   */
  private String reasonNotToStartLocked(long sentNanos) {
    if (phase != Phase.RUNNING) {
      return "the server " + (phase == Phase.TERMINATED ? "has terminated" : phase == Phase.STOPPED ? "is stopped" : "is shutting down");
    }
    if (env.nanoTime() >= sentNanos + trustNanos) {
      return "the claim was first sent too long ago to trust its leases";
    }
    return null;
  }

  private Duration claimBackoff(int failures) {
    long capMillis = Math.max(config.maxPollInterval().toMillis(), 5_000);
    long base = Math.min(capMillis, 100L << Math.min(failures - 1, 16));
    return Duration.ofMillis(base / 2 + env.random().nextLong(base / 2 + 1));
  }

  // ---------------------------------------------------------------- attempts

  /** One claimed task on this worker. Guarded by the engine lock. */
  private static final class Attempt {
    final Lease lease;
    final AttemptContext ctx;
    final Task task;
    final CancelReason deadlineReason;
    long confirmedNanos;
    Cancellable fenceTimer;
    Cancellable deadlineTimer;
    Cancellable graceTimer;
    boolean returned;
    boolean leaseLost;
    boolean done;
    /** Given up after its cancel grace while its handler was still running. */
    boolean abandoned;
    /** For events: whether and when the handler was started, and how long it ran (monotonic nanos). */
    boolean started;
    long startedNanos;
    long handlerNanos;
    /** For events: what the attempt failed with, and why a requeue happened. */
    Throwable failure;
    TaskbedEvent.RequeueReason requeueReason = TaskbedEvent.RequeueReason.SHUTDOWN;

    TaskbedEvent.Attempt ref() {
      TaskInfo info = lease.task();
      return new TaskbedEvent.Attempt(info.id(), info.queue(), info.type(), info.attempts() + 1, info.maxRetry() + 1);
    }

    Attempt(Lease lease, AttemptContext ctx, Task task, CancelReason deadlineReason, long confirmedNanos) {
      this.lease = lease;
      this.ctx = ctx;
      this.task = task;
      this.deadlineReason = deadlineReason;
      this.confirmedNanos = confirmedNanos;
    }
  }

  /** Records a claimed lease as held, not yet running; null if this worker holds it already. */
  private Attempt trackLocked(Lease lease, long sentNanos) {
    TaskInfo info = lease.task();
    long now = env.clock().millis();
    long deadline = Long.MAX_VALUE;
    CancelReason reason = null;
    if (info.timeout() != null) {
      deadline = now + info.timeout().toMillis();
      reason = CancelReason.TIMEOUT;
    }
    if (info.deadline() != null && info.deadline().toEpochMilli() < deadline) {
      deadline = info.deadline().toEpochMilli();
      reason = CancelReason.DEADLINE;
    }
    Instant deadlineAt = deadline == Long.MAX_VALUE ? Instant.MAX : Instant.ofEpochMilli(deadline);
    AttemptContext ctx = new AttemptContext(info.id(), info.queue(), info.task(), info.attempts(), info.maxRetry(),
        info.claimSequence(), deadlineAt, config.payloadCodec(), env);
    Attempt a = new Attempt(lease, ctx, ctx.task(), reason, sentNanos);
    if (inFlight.putIfAbsent(lease.token(), a) != null) {
      log.warn("broker returned a lease this worker already holds: {}", lease.token());
      return null;
    }
    return a;
  }

  /** The attempt takes a slot: its lease is fenced and its timeout or deadline armed. */
  private void runLocked(Attempt a) {
    running++;
    armFenceLocked(a);
    if (a.deadlineReason != null) {
      long delay = Math.max(0, a.ctx.deadline().toEpochMilli() - env.clock().millis());
      a.deadlineTimer = env.schedule(Duration.ofMillis(delay), () -> cancelAttempt(a, a.deadlineReason));
    }
  }

  private void invoke(Attempt a) {
    a.started = true;
    a.startedNanos = env.nanoTime();
    events.onStarted(new TaskbedEvent.Started(a.ref(), waited(a.lease.task())));
    if (a.ctx.remaining().isZero() && a.deadlineReason != null) {
      // Already past its deadline: do not start the handler at all.
      a.ctx.cancel(a.deadlineReason);
      onReturned(a, null);
      return;
    }
    CompletionStage<Void> stage;
    try {
      stage = invoker.invoke(a.ctx, a.task);
    } catch (RejectedExecutionException e) {
      giveBackRejected(a, e);
      return;
    } catch (Throwable e) { // even an Error: this attempt fails, the others of its claim still start
      log.error("could not start the handler of {}; the attempt counts as failed", a.lease.token(), e);
      onReturned(a, e);
      return;
    }
    stage.whenComplete((ignored, error) -> onReturned(a, unwrap(error)));
  }

  /**
   * How long a claimed task waited since it became due, when that is known: from the due time if the
   * backend reports it for a claimed task, else from its enqueue for a first attempt (exact for a
   * task enqueued to run at once). Null for a retry whose due time the backend does not report.
   */
  private Duration waited(TaskInfo info) {
    Instant since = info.nextProcessAt() != null ? info.nextProcessAt() : info.attempts() == 0 ? info.enqueuedAt() : null;
    return since == null ? null : Duration.ofMillis(Math.max(0, env.clock().millis() - since.toEpochMilli()));
  }

  /**
   * The executor refused to run the handler (saturated, shut down): not a failure of the task. It
   * is given back untouched and claims pause for {@link WorkerConfig#maxPollInterval()}, so a
   * saturated executor does not make the worker claim and requeue in a loop.
   */
  private void giveBackRejected(Attempt a, RejectedExecutionException e) {
    Duration pause = config.maxPollInterval();
    synchronized (lock) {
      if (a.done || a.returned) {
        return;
      }
      a.returned = true;
      running--;
      cancel(a.deadlineTimer);
      claimsPausedUntil = env.nanoTime() + pause.toNanos();
      cancel(pollTimer);
      if (phase == Phase.RUNNING) {
        pollTimer = env.schedule(pause, this::requestClaim);
      }
    }
    log.warn("the executor refused the handler of {} ({}); giving the task back untouched and pausing claims for {}",
        a.lease.token(), e.toString(), pause);
    a.requeueReason = TaskbedEvent.RequeueReason.REJECTED;
    sendAck(a, new AckPlan.Requeue(), 1);
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private void armFenceLocked(Attempt a) {
    if (a.fenceTimer != null) {
      a.fenceTimer.cancel();
    }
    long delay = a.confirmedNanos + trustNanos - env.nanoTime();
    a.fenceTimer = env.schedule(Duration.ofNanos(Math.max(0, delay)), () -> fence(a));
  }

  /** The lease can no longer be trusted: cancel the handler and discard its result. */
  private void fence(Attempt a) {
    synchronized (lock) {
      if (a.done || a.returned || a.leaseLost) {
        return; // once the handler returned, the broker's answer to the ack decides
      }
      if (env.nanoTime() < a.confirmedNanos + trustNanos) {
        armFenceLocked(a); // a renewal arrived after this timer was set
        return;
      }
      a.leaseLost = true;
    }
    cancelAttempt(a, CancelReason.LEASE_LOST); // reported as Cancelled, then LeaseLost or HandlerStuck
  }

  private void cancelAttempt(Attempt a, CancelReason reason) {
    synchronized (lock) {
      if (a.done || a.returned) {
        return;
      }
    }
    if (!a.ctx.cancel(reason)) {
      return;
    }
    events.onCancelled(new TaskbedEvent.Cancelled(a.ref(), reason));
    synchronized (lock) {
      if (!a.done && !a.returned) {
        a.graceTimer = env.schedule(config.cancelGrace(), () -> abandon(a));
      }
    }
  }

  /** The handler ignored cancellation for the whole grace period: give the task up to lease expiry. */
  private void abandon(Attempt a) {
    int stuckNow;
    synchronized (lock) {
      if (a.done || a.returned) {
        return;
      }
      finishLocked(a);
      a.abandoned = true;
      stuckNow = ++stuck;
    }
    events.onHandlerStuck(new TaskbedEvent.HandlerStuck(a.ref(), a.ctx.cancelReason().orElseThrow(), stuckNow));
    afterFinish();
  }

  private void onReturned(Attempt a, Throwable error) {
    boolean over;
    boolean freedStuckSlot = false;
    boolean discard = false;
    synchronized (lock) {
      over = a.done;
      if (over) {
        // Abandoned or crashed: the result is not ours to report. An abandoned handler frees its slot only now.
        freedStuckSlot = a.abandoned;
        if (freedStuckSlot) {
          a.abandoned = false;
          stuck--;
        }
      } else {
        a.returned = true;
        a.handlerNanos = env.nanoTime() - a.startedNanos;
        running--;
        cancel(a.deadlineTimer);
        cancel(a.graceTimer);
        if (!a.leaseLost && env.nanoTime() >= a.confirmedNanos + trustNanos) {
          // The fence timer is overdue: a pause (GC, SIGSTOP) stopped every thread, and on waking the
          // handler returned before the timer fired. The lease is just as untrustworthy either way.
          a.leaseLost = true;
        }
        discard = a.leaseLost;
        if (discard) {
          finishLocked(a);
        }
      }
    }
    if (over) {
      if (freedStuckSlot) {
        log.info("the handler of {}, given up earlier, has returned; its slot is free again", a.lease.token());
        requestClaim();
      }
      return;
    }
    if (discard) {
      events.onLeaseLost(new TaskbedEvent.LeaseLost(a.ref()));
      afterFinish();
      return;
    }
    CancelReason cancel = a.ctx.cancelReason().orElse(null);
    AckPlan plan;
    Throwable policyError = null;
    try {
      plan = AckPlan.decide(a.lease.task(), a.task, error, cancel, config, env.clock().millis(), env.random());
    } catch (Throwable e) { // the application's retry delay or failure predicate; the task must still be acked
      policyError = e;
      plan = AckPlan.afterPolicyFailure(a.lease.task(), a.task, error, e, env.random());
      log.warn("the retry policy threw on {}; {} with the default backoff", a.lease.token(), plan, e);
    }
    if (error != null || cancel == CancelReason.TIMEOUT || cancel == CancelReason.DEADLINE) {
      a.failure = error != null ? error : new java.util.concurrent.TimeoutException(String.valueOf(cancel));
      reportError(a, a.failure);
    }
    if (policyError != null) {
      a.failure = a.failure != null ? a.failure : policyError;
      reportError(a, policyError);
    }
    ack(a, plan);
  }

  private void reportError(Attempt a, Throwable error) {
    try {
      config.errorHandler().onError(a.ctx, error);
    } catch (Throwable e) { // an Error too: it must not keep the attempt from being acked
      log.warn("error handler threw; ignored", e);
    }
  }

  /**
   * Acks an attempt: completions are coalesced for up to {@link WorkerConfig#ackFlushDelay()}
   * into one {@link dev.taskbed.spi.Broker#completeAll} call; every other outcome is sent at once.
   * When no handler is still running, nothing more can join the batch and it is sent at once too.
   */
  private void ack(Attempt a, AckPlan plan) {
    if (!(plan instanceof AckPlan.Complete) || config.ackFlushDelay().isZero()) {
      sendAck(a, plan, 1);
      return;
    }
    boolean flushNow = false;
    synchronized (lock) {
      completions.add(a);
      if (completions.size() >= MAX_ACK_BATCH || running == 0) {
        flushNow = true;
      } else if (completions.size() == 1) {
        completionFlush = env.schedule(config.ackFlushDelay(), () -> env.execute(this::flushCompletions));
      }
    }
    if (flushNow) {
      flushCompletions();
    } else {
      requestClaim(); // the slot is free while the completion waits
    }
  }

  private void flushCompletions() {
    List<Attempt> batch = new ArrayList<>();
    List<Attempt> untrusted = new ArrayList<>();
    synchronized (lock) {
      long now = env.nanoTime();
      for (Attempt a : completions) {
        // A pause may have held this flush past the lease's trust deadline: discard, as onReturned does.
        if (now >= a.confirmedNanos + trustNanos) {
          a.leaseLost = true;
          finishLocked(a);
          untrusted.add(a);
        } else {
          batch.add(a);
        }
      }
      completions.clear();
      cancel(completionFlush);
    }
    for (Attempt a : untrusted) {
      events.onLeaseLost(new TaskbedEvent.LeaseLost(a.ref()));
      afterFinish();
    }
    if (batch.isEmpty()) {
      return;
    }
    List<AckStatus> statuses;
    try {
      statuses = broker.completeAll(batch.stream().map(a -> a.lease.token()).toList());
    } catch (RuntimeException e) {
      // Fall back to one ack each, with the usual retries while the lease can be trusted.
      batch.forEach(a -> sendAck(a, new AckPlan.Complete(), 2));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      acked(batch.get(i), new AckPlan.Complete(), statuses.get(i));
    }
  }

  private void sendAck(Attempt a, AckPlan plan, int tries) {
    LeaseToken token = a.lease.token();
    AckStatus status;
    try {
      status = plan.send(broker, token);
    } catch (RuntimeException e) {
      boolean retry;
      synchronized (lock) {
        retry = !a.done && env.nanoTime() < a.confirmedNanos + trustNanos;
      }
      if (retry) {
        Duration backoff = Duration.ofMillis(Math.min(1_000, 20L << Math.min(tries, 6)));
        log.debug("ack {} of {} failed; retrying in {}", plan, token, backoff, e);
        env.schedule(backoff, () -> env.execute(() -> sendAck(a, plan, tries + 1)));
        return;
      }
      warn("could not ack " + plan + " of " + token + " before its lease ran out; the task will be recovered and run again", e);
      status = null;
    }
    acked(a, plan, status);
  }

  /** The broker answered an ack ({@code null}: gave up); the attempt is over. */
  private void acked(Attempt a, AckPlan plan, AckStatus status) {
    synchronized (lock) {
      if (a.done) {
        return;
      }
      finishLocked(a);
    }
    report(a, plan, status);
    afterFinish();
  }

  /**
   * The attempt's outcome, once the broker confirmed it (or refused, or could not be reached).
   * {@code ALREADY_APPLIED} is a confirmation too: the same ack was applied by an earlier send whose
   * reply was lost.
   */
  private void report(Attempt a, AckPlan plan, AckStatus status) {
    if (status != AckStatus.OK && status != AckStatus.ALREADY_APPLIED) {
      if (a.started) { // a task given back unstarted had no attempt to lose
        events.onLeaseLost(new TaskbedEvent.LeaseLost(a.ref()));
      }
      return;
    }
    Duration ran = Duration.ofNanos(a.handlerNanos);
    if (plan instanceof AckPlan.Complete) {
      events.onSucceeded(new TaskbedEvent.Succeeded(a.ref(), ran));
    } else if (plan instanceof AckPlan.Retry r) {
      Throwable why = a.failure != null ? a.failure : new TaskbedException(r.error());
      events.onFailed(new TaskbedEvent.Failed(a.ref(), why, ran, Duration.ofMillis(r.delayMillis())));
    } else if (plan instanceof AckPlan.Archive r) {
      Throwable why = a.failure != null ? a.failure : new TaskbedException(r.error());
      events.onFailed(new TaskbedEvent.Failed(a.ref(), why, ran, null));
    } else if (plan instanceof AckPlan.Requeue) {
      events.onRequeued(new TaskbedEvent.Requeued(a.ref(), a.requeueReason));
    } else if (plan instanceof AckPlan.Revoke) {
      events.onRevoked(new TaskbedEvent.Revoked(a.ref()));
    }
  }

  private void finishLocked(Attempt a) {
    if (!a.returned) {
      running--;
      a.ctx.giveUp();
    }
    a.done = true;
    inFlight.remove(a.lease.token());
    cancel(a.fenceTimer);
    cancel(a.deadlineTimer);
    cancel(a.graceTimer);
  }

  private void afterFinish() {
    requestClaim();
    maybeTerminate();
  }

  /**
   * Logs a failed broker call: a {@link TaskbedException} (outage, timeout) is expected under
   * faults and gets one line; anything else is a bug and gets its stack trace.
   */
  private static void warn(String message, RuntimeException e) {
    if (e instanceof TaskbedException) {
      log.warn("{}: {}", message, e.toString());
    } else {
      log.warn(message, e);
    }
  }

  /**
   * Logs a routine call that failed: during an outage, which the events report once when it starts
   * and once when it ends ({@link ObservedBroker}), each such failure is only a DEBUG line; any other
   * failure goes to {@link #warn}.
   */
  private static void routine(String message, RuntimeException e) {
    if (e instanceof dev.taskbed.BrokerUnavailableException || e instanceof dev.taskbed.EnqueueOutcomeUnknownException) {
      log.debug("{}: {}", message, e.toString());
    } else {
      warn(message, e);
    }
  }

  private static void cancel(Cancellable c) {
    if (c != null) {
      c.cancel();
    }
  }

  // ---------------------------------------------------------------- heartbeat and maintenance

  private void heartbeat() {
    List<Attempt> held;
    synchronized (lock) {
      held = inFlight.values().stream().filter(a -> !a.leaseLost && !a.done).toList();
    }
    if (held.isEmpty()) {
      return;
    }
    long sent = env.nanoTime();
    List<AckStatus> statuses;
    try {
      statuses = broker.extendLeases(held.stream().map(a -> a.lease.token()).toList(), leaseMillis);
    } catch (RuntimeException e) {
      routine("could not renew " + held.size() + " lease(s); handlers are cancelled if this lasts until their leases run out", e);
      return;
    }
    List<Attempt> lost = new ArrayList<>();
    synchronized (lock) {
      for (int i = 0; i < held.size(); i++) {
        Attempt a = held.get(i);
        if (a.done) {
          continue;
        }
        if (statuses.get(i) == AckStatus.OK) {
          a.confirmedNanos = Math.max(a.confirmedNanos, sent);
          armFenceLocked(a);
        } else if (!a.returned && !a.leaseLost) {
          // Once the handler returned, LEASE_LOST usually means our own ack has just landed.
          a.leaseLost = true;
          lost.add(a);
        }
      }
    }
    for (Attempt a : lost) {
      cancelAttempt(a, CancelReason.LEASE_LOST); // reported as Cancelled, then LeaseLost or HandlerStuck
    }
  }

  private void forwardDue() {
    eachQueue("forward due tasks", q -> broker.forwardDue(q, config.maintenanceBatch()));
  }

  private void recoverExpiredLeases() {
    long delay = config.recoveryDelay().toMillis();
    eachQueue("recover expired leases", q -> {
      MaintenanceResult r = broker.recoverExpiredLeases(q, config.maintenanceBatch(), delay);
      if (r.processed() > 0) {
        events.onLeasesRecovered(new TaskbedEvent.LeasesRecovered(q, r.processed()));
      }
      return r;
    });
  }

  private void purgeExpired() {
    eachQueue("purge expired tasks", q -> broker.purgeExpired(q, config.maintenanceBatch()));
  }

  /** Runs a bounded maintenance call on every registered queue, not only the ones served here. */
  private void eachQueue(String what, java.util.function.Function<String, MaintenanceResult> call) {
    List<String> queues;
    try {
      queues = broker.queues();
    } catch (RuntimeException e) {
      routine("could not list queues to " + what, e);
      return;
    }
    for (String q : queues) {
      try {
        for (int round = 0; round < MAX_MAINTENANCE_ROUNDS; round++) {
          if (!call.apply(q).hasMore()) {
            break;
          }
        }
      } catch (RuntimeException e) {
        routine("could not " + what + " in queue " + q, e);
      }
    }
  }

  private Duration jitter(Duration interval) {
    return Duration.ofMillis(env.random().nextLong(Math.max(1, interval.toMillis())));
  }

  /** A self-rescheduling background job; timers only hand the work to {@link Environment#execute}. */
  private final class Periodic {
    private final String name;
    private final Duration interval;
    private final Runnable work;
    private Cancellable timer;
    private boolean stopped;

    Periodic(String name, Duration interval, Runnable work) {
      this.name = name;
      this.interval = interval;
      this.work = work;
    }

    void start(Duration firstDelay) {
      schedule(firstDelay);
    }

    private void schedule(Duration delay) {
      synchronized (lock) {
        if (!stopped) {
          timer = env.schedule(delay, () -> env.execute(this::run));
        }
      }
    }

    private void run() {
      synchronized (lock) {
        if (stopped) {
          return;
        }
      }
      try {
        work.run();
      } catch (RuntimeException e) {
        routine(name + " failed", e);
      } finally {
        schedule(interval);
      }
    }

    void stop() {
      synchronized (lock) {
        stopped = true;
        if (timer != null) {
          timer.cancel();
        }
      }
    }
  }
}
