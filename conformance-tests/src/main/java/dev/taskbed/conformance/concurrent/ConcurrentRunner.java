package dev.taskbed.conformance.concurrent;

import dev.taskbed.QueueStats;
import dev.taskbed.conformance.BackendCapabilities;
import dev.taskbed.conformance.BrokerFactory;
import dev.taskbed.conformance.BrokerUnderTest;
import dev.taskbed.conformance.history.Anomaly;
import dev.taskbed.conformance.history.History;
import dev.taskbed.conformance.history.HistoryChecker;
import dev.taskbed.conformance.history.HistoryRecorder;
import dev.taskbed.conformance.history.HistoryReport;
import dev.taskbed.conformance.history.Operation;
import dev.taskbed.conformance.history.RecordingAdmin;
import dev.taskbed.conformance.history.RecordingBroker;
import dev.taskbed.env.ManualClock;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.BrokerPolicy;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import dev.taskbed.spi.MaintenanceResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import dev.taskbed.EnqueueResult;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Executes one {@link ConcurrentPlan} with real threads against a fresh broker, recording every
 * call, then drains the broker (recover, forward, claim and complete until nothing is
 * unfinished), takes a final read, and checks the history.
 *
 * <p>Each worker has its own thread. In each round the workers with an action meet at a barrier
 * and act at once, so they genuinely race inside the broker; between rounds the clock moves (the
 * virtual clock is advanced, or, for real-time brokers, the runner sleeps).
 */
final class ConcurrentRunner {
  /** No round of a healthy broker takes this long; a stuck one fails the run instead of hanging CI. */
  private static final long ROUND_TIMEOUT_SECONDS = 60;
  private static final int DRAIN_PASSES = 40;

  private final BrokerFactory factory;
  private final BackendCapabilities capabilities;
  private final int threads;

  ConcurrentRunner(BrokerFactory factory, BackendCapabilities capabilities, int threads) {
    this.factory = factory;
    this.capabilities = capabilities;
    this.threads = threads;
  }

  /** The outcome of one run: a failure description (null if clean), the checker's report, calls made. */
  record Result(String failure, HistoryReport report, int calls) {
    boolean failed() {
      return failure != null;
    }
  }

  /** A worker's own view: leases it holds, leases it gave up, its last claim. */
  private static final class Worker {
    final int number;
    final Deque<Lease> held = new ArrayDeque<>();
    final List<Lease> givenUp = new ArrayList<>();
    ClaimRequest lastClaim;
    int claims;

    Worker(int number) {
      this.number = number;
    }
  }

  Result run(ConcurrentPlan plan) {
    ManualClock clock = new ManualClock();
    Clock recorderClock = capabilities.virtualTime() ? clock : Clock.systemUTC();
    HistoryRecorder recorder = new HistoryRecorder(recorderClock);
    List<ExecutorService> pools = new ArrayList<>();
    try (BrokerUnderTest backend = factory.create(clock, BrokerPolicy.defaults())) {
      RecordingBroker broker = new RecordingBroker(backend.broker(), recorder);
      RecordingAdmin admin = new RecordingAdmin(backend.admin(), recorder);
      for (ConcurrentPlan.SetupTask t : plan.setup()) {
        broker.enqueue(new EnqueueRequest(t.id(), t.queue(), "conformance:concurrent", t.id().getBytes(java.nio.charset.StandardCharsets.UTF_8),
            Map.of(), t.maxRetry(), t.delayMillis(), 0, 0, 0, t.retentionMillis(), null, 0, "setup-" + t.id(), t.nonce()));
      }
      List<Worker> workers = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        workers.add(new Worker(w + 1));
        int n = w + 1;
        pools.add(Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "conformance-worker-" + n);
          t.setDaemon(true);
          return t;
        }));
      }
      List<String> problems = new ArrayList<>();
      Map<String, List<EnqueueResult>> contended = new ConcurrentHashMap<>();
      for (ConcurrentPlan.Round round : plan.rounds()) {
        List<Integer> acting = new ArrayList<>();
        for (int w = 0; w < Math.min(threads, round.actions().size()); w++) {
          if (round.actions().get(w) != null) {
            acting.add(w);
          }
        }
        CyclicBarrier start = new CyclicBarrier(Math.max(1, acting.size()));
        List<Future<?>> done = new ArrayList<>();
        for (int w : acting) {
          Worker worker = workers.get(w);
          WorkerAction action = round.actions().get(w);
          done.add(pools.get(w).submit(() -> {
            start.await(ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            perform(worker, action, broker, contended);
            return null;
          }));
        }
        for (Future<?> f : done) {
          try {
            f.get(ROUND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
          } catch (ExecutionException e) {
            problems.add(e.getCause() instanceof BrokenBarrierException
                ? "workers could not start a round together" : "a worker's call threw " + e.getCause());
          } catch (TimeoutException e) {
            return new Result("a round did not finish within " + ROUND_TIMEOUT_SECONDS + " s (deadlock?)", null, calls(recorder));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result("interrupted", null, calls(recorder));
          }
        }
        if (!problems.isEmpty()) {
          return new Result(String.join("\n", problems), null, calls(recorder));
        }
        String contention = Contention.check(contended);
        if (contention != null) {
          return new Result(contention, null, calls(recorder));
        }
        contended.clear();
        pass(clock, round.advanceMillis());
      }
      String stuck = drain(broker, admin, clock, plan.timeScale());
      admin.read(ConcurrentPlan.QUEUES);
      History history = recorder.history();
      HistoryReport report = HistoryChecker.builder().clockToleranceMillis(capabilities.clockToleranceMillis()).build().check(history);
      if (!report.valid()) {
        return new Result(report.toMarkdown() + witnesses(report, history), report, calls(recorder));
      }
      if (stuck != null) {
        return new Result(stuck, report, calls(recorder));
      }
      return new Result(null, report, calls(recorder));
    } finally {
      pools.forEach(ExecutorService::shutdownNow);
    }
  }

  /** Broker calls recorded so far (reads excluded). */
  private static int calls(HistoryRecorder recorder) {
    return (int) recorder.history().entries().stream().filter(e -> !(e.operation() instanceof Operation.Read)).count();
  }

  private static void perform(Worker w, WorkerAction a, RecordingBroker broker, Map<String, List<EnqueueResult>> contended) {
    String other = a.queue().equals(ConcurrentPlan.QUEUES.get(0)) ? ConcurrentPlan.QUEUES.get(1) : ConcurrentPlan.QUEUES.get(0);
    switch (a.kind()) {
      case CLAIM -> {
        ClaimRequest req = new ClaimRequest("w" + w.number + "-" + (++w.claims), List.of(a.queue(), other), a.maxTasks(), a.millis());
        w.lastClaim = req;
        broker.claim(req).leases().forEach(w.held::addLast);
      }
      case REPLAY_CLAIM -> {
        if (w.lastClaim == null) {
          return;
        }
        Set<LeaseToken> mine = new HashSet<>();
        w.held.forEach(l -> mine.add(l.token()));
        // As the runtime resends after a lost reply: replay set, queues possibly listed anew.
        ClaimRequest resend = w.lastClaim.asReplay();
        if (a.maxTasks() == 1) {
          List<String> reversed = new ArrayList<>(resend.queues());
          java.util.Collections.reverse(reversed);
          resend = new ClaimRequest(resend.requestId(), reversed, resend.maxTasks(), resend.leaseMillis(), true);
        }
        for (Lease l : broker.claim(resend).leases()) {
          if (mine.add(l.token())) {
            w.held.addLast(l);
          }
        }
      }
      case COMPLETE, FAIL, REQUEUE -> {
        Lease l = w.held.pollFirst();
        if (l == null) {
          return;
        }
        if (a.kind() == WorkerAction.Kind.COMPLETE) {
          broker.complete(l.token());
        } else if (a.kind() == WorkerAction.Kind.REQUEUE) {
          broker.requeue(l.token());
        } else if (l.task().attempts() < l.task().maxRetry()) {
          broker.retry(l.token(), a.millis(), "handler failed", true);
        } else {
          broker.archive(l.token(), "handler failed", true);
        }
        w.givenUp.add(l);
      }
      case EXTEND -> {
        if (w.held.isEmpty()) {
          return;
        }
        List<Lease> mine = new ArrayList<>(w.held);
        List<AckStatus> statuses = broker.extendLeases(mine.stream().map(Lease::token).toList(), a.millis());
        for (int i = 0; i < mine.size(); i++) {
          if (statuses.get(i) != AckStatus.OK) {
            w.held.remove(mine.get(i)); // the runtime cancels a handler whose lease is lost
            w.givenUp.add(mine.get(i));
          }
        }
      }
      case ZOMBIE_COMPLETE, ZOMBIE_EXTEND -> {
        if (w.givenUp.isEmpty()) {
          return;
        }
        Lease l = w.givenUp.get(w.givenUp.size() - 1);
        if (a.kind() == WorkerAction.Kind.ZOMBIE_COMPLETE) {
          broker.complete(l.token());
        } else {
          broker.extendLease(l.token(), a.millis());
        }
      }
      case ENQUEUE -> {
        broker.enqueue(new EnqueueRequest(a.taskId(), a.queue(), "conformance:concurrent",
            a.taskId().getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of(), 1, a.millis(), 0, 0, 0, 0, null, 0,
            "produced-" + a.taskId(), a.taskId().hashCode()));
      }
      case FORWARD -> {
        broker.forwardDue(a.queue(), 100);
      }
      case ENQUEUE_SAME_ID -> {
        EnqueueResult r = broker.enqueue(new EnqueueRequest(a.taskId(), a.queue(), "conformance:concurrent",
            a.taskId().getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of(), 1, 0, 0, 0, 0, 0, null, 0,
            "produced-" + a.taskId(), a.taskId().hashCode()));
        contended.computeIfAbsent(a.taskId(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(r);
      }
      case ENQUEUE_SAME_KEY -> {
        byte[] content = a.taskId().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String type = "conformance:concurrent";
        String id = a.taskId() + "-w" + w.number;
        EnqueueResult r = broker.enqueue(new EnqueueRequest(id, a.queue(), type, content, Map.of(), 1, 0, 0, 0, 0, 0,
            dev.taskbed.spi.EnqueueRequests.uniqueKey(type, content), WorkerAction.CONTENDED_UNIQUE_FOR_MILLIS,
            "produced-" + a.taskId(), id.hashCode()));
        contended.computeIfAbsent(a.taskId(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(r);
      }
      case RECOVER -> {
        broker.recoverExpiredLeases(a.queue(), 100, 0);
      }
    }
  }

  /** Lets {@code millis} pass: on the virtual clock at once, else by sleeping. */
  private void pass(ManualClock clock, long millis) {
    if (millis <= 0) {
      return;
    }
    if (capabilities.virtualTime()) {
      clock.advance(Duration.ofMillis(millis));
    } else {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Finishes every task: let leases expire and tasks fall due, recover, forward, then claim and
   * complete everything claimable; repeat until no queue has unfinished tasks. Returns a problem if
   * tasks remain unfinished after many passes (a task that can never be claimed again is stuck).
   */
  private String drain(RecordingBroker broker, RecordingAdmin admin, ManualClock clock, double timeScale) {
    long wait = capabilities.virtualTime() ? 3_600_000 : ConcurrentPlan.scaled(6_000, timeScale);
    long lease = capabilities.virtualTime() ? 60_000 : 30_000;
    for (int pass = 0; pass < DRAIN_PASSES; pass++) {
      pass(clock, wait);
      for (String q : ConcurrentPlan.QUEUES) {
        MaintenanceResult m;
        do {
          m = broker.recoverExpiredLeases(q, 100, 0);
        } while (m.hasMore());
        do {
          m = broker.forwardDue(q, 100);
        } while (m.hasMore());
      }
      List<Lease> got;
      int n = 0;
      do {
        got = broker.claim(new ClaimRequest("drain-" + pass + "-" + (n++), ConcurrentPlan.QUEUES, 50, lease)).leases();
        for (Lease l : got) {
          broker.complete(l.token());
        }
      } while (!got.isEmpty());
      long unfinished = 0;
      for (String q : ConcurrentPlan.QUEUES) {
        QueueStats s = admin.stats(q);
        unfinished += s.unfinished();
      }
      if (unfinished == 0) {
        return null;
      }
    }
    StringBuilder s = new StringBuilder("tasks still unfinished after draining " + DRAIN_PASSES + " times:");
    for (String q : ConcurrentPlan.QUEUES) {
      s.append(' ').append(admin.stats(q));
    }
    return s.toString();
  }

  /** The history events each example anomaly cites, so a report shows what happened. */
  private static String witnesses(HistoryReport report, History history) {
    StringBuilder s = new StringBuilder();
    for (Anomaly a : report.examples()) {
      s.append("\nwitness of ").append(a.kind().label()).append(' ').append(a.task()).append(":\n");
      for (int i : a.eventIndexes()) {
        s.append("  ").append(history.events().get(i)).append('\n');
      }
      if (s.length() > 20_000) {
        break;
      }
    }
    return s.toString();
  }
}
