package dev.taskbed.chaos.harness;

import dev.taskbed.Client;
import dev.taskbed.Server;
import dev.taskbed.TaskInfo;
import dev.taskbed.chaos.BackendKind;
import dev.taskbed.chaos.ChaosTiming;
import dev.taskbed.chaos.report.Check;
import dev.taskbed.chaos.report.ScenarioResult;
import dev.taskbed.chaos.report.Verdict;
import dev.taskbed.chaos.scenarios.ScenarioInfo;
import dev.taskbed.conformance.history.AnomalyKind;
import dev.taskbed.conformance.history.History;
import dev.taskbed.conformance.history.HistoryChecker;
import dev.taskbed.conformance.history.HistoryEvent;
import dev.taskbed.conformance.history.HistoryRecorder;
import dev.taskbed.conformance.history.HistoryReport;
import dev.taskbed.conformance.history.RecordingAdmin;
import dev.taskbed.conformance.history.RecordingBroker;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerAdmin;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One scenario run on one backend: the harness every scenario drives. It owns the history recorder
 * (every broker call the run's clients make goes through a {@link RecordingBroker}), the handler
 * {@link ExecutionLog}, the seeded random the fault plan is drawn from, the {@link FaultTimeline},
 * the workers and producers it starts and everything else that must be closed; and it turns what
 * happened into a {@link ScenarioResult}: the history checked by the conformance kit's
 * {@link HistoryChecker}, the scenario's own checks, and a verdict.
 *
 * <p>A scenario calls {@link #plan} for each fault it draws, {@link #evidence} for each sign that
 * a fault fired, {@link #check} for each guarantee beyond the history check, and ends with
 * {@link #finish}. Time bounds use the real clock: the brokers run on Redis {@code TIME}.
 */
public final class ChaosRun implements AutoCloseable {
  /** How far Redis {@code TIME} and the recorder's clock may differ: both read this machine's clock. */
  static final long CLOCK_TOLERANCE_MILLIS = 50;

  /** What the history check must say for the run to pass. */
  public enum Expectation {
    /** No anomaly of any kind. */
    NO_ANOMALY("no anomaly"),
    /** The checker reports lost acknowledged tasks (a negative control). */
    LOSS_REPORTED("checker reports loss"),
    /** The checker reports loss, else the run is inconclusive (failover without WAIT). */
    LOSS_SHOWN("loss shown (else inconclusive)");

    final String text;

    Expectation(String text) {
      this.text = text;
    }
  }

  private final ScenarioInfo info;
  private final BackendKind backend;
  private final String variant;
  private final long seed;
  private final ChaosTiming timing;
  private final SplittableRandom random;
  private final String queue;
  private final HistoryRecorder recorder = new HistoryRecorder(Clock.systemUTC());
  private final ExecutionLog executions = new ExecutionLog();
  private final FaultTimeline faults = new FaultTimeline();
  private final List<String> plan = new ArrayList<>();
  private final List<Check> checks = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<Supplier<List<HistoryEvent>>> otherProcesses = new ArrayList<>();
  private final List<Server> servers = new ArrayList<>();
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private final long startedNanos = System.nanoTime();

  public ChaosRun(ScenarioInfo info, BackendKind backend, String variant, long seed, ChaosTiming timing) {
    this.info = info;
    this.backend = backend;
    this.variant = variant;
    this.seed = seed;
    this.timing = timing;
    this.random = new SplittableRandom(seed);
    this.queue = String.format("s%02d-%s%s", info.number(), backend.label(),
        variant.isEmpty() ? "" : "-" + variant.replaceAll("[^A-Za-z0-9]+", "").toLowerCase(java.util.Locale.ROOT));
  }

  public BackendKind backend() {
    return backend;
  }

  public ChaosTiming timing() {
    return timing;
  }

  /** The queue this run's tasks go to (one per scenario and backend, so runs never see each other's tasks). */
  public String queue() {
    return queue;
  }

  /** The seeded random every fault choice is drawn from. */
  public SplittableRandom random() {
    return random;
  }

  /** A uniformly drawn duration in [min, max]. */
  public Duration between(Duration min, Duration max) {
    return Duration.ofMillis(min.toMillis() + random.nextLong(max.toMillis() - min.toMillis() + 1));
  }

  public HistoryRecorder recorder() {
    return recorder;
  }

  public ExecutionLog executions() {
    return executions;
  }

  public FaultTimeline faults() {
    return faults;
  }

  // ------------------------------------------------------------------ resources

  /** Closes {@code c} when the run ends, in reverse order of registration. */
  public <T extends AutoCloseable> T track(T c) {
    closeables.push(c);
    return c;
  }

  /** {@code broker}, recording every call into this run's history. */
  public RecordingBroker record(Broker broker) {
    return new RecordingBroker(broker, recorder);
  }

  /** {@code admin}, recording changes and final reads into this run's history. */
  public RecordingAdmin recordAdmin(BrokerAdmin admin) {
    return new RecordingAdmin(admin, recorder);
  }

  /** Adds another process's events (a worker JVM's) to the history checked at the end. */
  public void mergeHistoryOf(Supplier<List<HistoryEvent>> events) {
    otherProcesses.add(events);
  }

  /**
   * Starts a worker named {@code name} (its threads carry the name) on {@code broker}, running the
   * execution log's handler on the timing profile, its wall clock set off by {@code clockOffset}.
   */
  public Server startWorker(String name, Broker broker, int concurrency, Duration clockOffset) {
    return startWorker(name, broker, concurrency, clockOffset, false);
  }

  /** {@link #startWorker(String, Broker, int, Duration)}; a worker that {@code holds} keeps {@link ChaosTasks#HOLD} tasks until cancelled. */
  public Server startWorker(String name, Broker broker, int concurrency, Duration clockOffset, boolean holds) {
    WorkerEnvironment env = track(new WorkerEnvironment(name, clockOffset, random.nextLong()));
    Server server = Server.create(broker, timing.worker(queue, concurrency).build(), executions.handler(name, holds), env);
    server.start();
    synchronized (servers) {
      servers.add(server);
    }
    return server;
  }

  /**
   * Starts a producer thread named {@code name} enqueueing {@link ChaosTasks#WORK} tasks through a
   * client on {@code broker}: one every {@code pace}, each working a seeded 5–30 ms, up to {@code limit}.
   */
  public Producer startProducer(String name, Broker broker, Duration pace, int limit) {
    return startProducer(name, broker, pace, limit, timing.clientAttempts());
  }

  /** {@link #startProducer(String, Broker, Duration, int)} with a client making {@code clientAttempts} attempts per enqueue. */
  public Producer startProducer(String name, Broker broker, Duration pace, int limit, int clientAttempts) {
    long handlerSeed = random.nextLong();
    return startProducer(name, broker, pace, limit, clientAttempts, n -> 5 + new SplittableRandom(handlerSeed + n).nextLong(26));
  }

  /** {@link #startProducer(String, Broker, Duration, int)} with the handler time of task {@code n} given. */
  public Producer startProducer(String name, Broker broker, Duration pace, int limit, int clientAttempts,
      java.util.function.IntToLongFunction handlerMillis) {
    return startProducerOf(name, broker, pace, limit, clientAttempts,
        n -> ChaosTasks.task(ChaosTasks.WORK, queue, queue + "-" + name + "-" + n, handlerMillis.applyAsLong(n), Duration.ZERO));
  }

  /** A producer of the tasks {@code tasks} makes (task {@code n} for n = 0, 1, ...). */
  public Producer startProducerOf(String name, Broker broker, Duration pace, int limit, int clientAttempts,
      java.util.function.IntFunction<dev.taskbed.Task> tasks) {
    return new Producer(name, client(name, broker, clientAttempts), tasks, pace, limit).start();
  }

  /** An enqueueing client named {@code name} on {@code broker}, on this run's timing, clock and seed. */
  public Client client(String name, Broker broker) {
    return client(name, broker, timing.clientAttempts());
  }

  /** {@link #client(String, Broker)} making {@code clientAttempts} attempts per enqueue. */
  public Client client(String name, Broker broker, int clientAttempts) {
    return Client.create(broker, timing.clientConfig(clientAttempts),
        track(new WorkerEnvironment(name, Duration.ZERO, random.nextLong())));
  }

  /**
   * Waits until no task of the queue is pending, active, scheduled or retrying (every acknowledged
   * task finished), polling {@code admin} (which should be on a path no fault touches).
   */
  public boolean drain(BrokerAdmin admin) throws InterruptedException {
    return drain(admin, timing.drainTimeout());
  }

  public boolean drain(BrokerAdmin admin, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (admin.stats(queue).unfinished() == 0) {
          return true;
        }
      } catch (RuntimeException e) {
        // the observer's Redis may be restarting; keep polling
      }
      Thread.sleep(50);
    }
    return false;
  }

  /** Shuts every worker down (gracefully, bounded) so the final read sees a quiet queue. */
  public void stopWorkers() {
    List<Server> all;
    synchronized (servers) {
      all = List.copyOf(servers);
      servers.clear();
    }
    List<java.util.concurrent.CompletableFuture<Void>> stops = new ArrayList<>();
    for (Server s : all) {
      stops.add(s.shutdownAsync().toCompletableFuture());
    }
    for (var f : stops) {
      try {
        f.get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        notes.add("a worker did not shut down within 10 s: " + e);
      }
    }
  }

  public static void sleep(Duration d) throws InterruptedException {
    Thread.sleep(Math.max(0, d.toMillis()));
  }

  // ------------------------------------------------------------------ findings

  /** A fault this run draws from its seed, for the report. */
  public void plan(String fault) {
    plan.add(fault);
  }

  /** A sign that a fault fired; a run without every sign fails. */
  public void evidence(String what, boolean observed, String detail) {
    checks.add(new Check(what, observed, detail, true));
  }

  /** A guarantee beyond the history check. */
  public void check(String what, boolean holds, String detail) {
    checks.add(new Check(what, holds, detail, false));
  }

  /** A measurement for the report. */
  public void note(String note) {
    notes.add(note);
  }

  /** The history so far: this JVM's events merged with other processes' by time. */
  public History history() {
    if (otherProcesses.isEmpty()) {
      return recorder.history();
    }
    List<List<HistoryEvent>> others = new ArrayList<>();
    otherProcesses.forEach(s -> others.add(s.get()));
    return HistoryMerger.merge(recorder.history(), others);
  }

  /**
   * Ends the run: takes the final read through {@code observer} (after the workers stopped), checks
   * the history and builds the row. {@code expectation} is what the checker must say.
   */
  public ScenarioResult finish(RecordingAdmin observer, Expectation expectation) {
    stopWorkers();
    List<TaskInfo> finalRead = null;
    try {
      finalRead = observer.read(List.of(queue));
    } catch (RuntimeException e) {
      check("the final read succeeds", false, e.toString());
    }
    if (finalRead != null) {
      note("final read: " + finalRead.size() + " task(s) left in the queue" + (finalRead.isEmpty() ? "" : ": "
          + finalRead.stream().filter(t -> t.state() != dev.taskbed.TaskState.COMPLETED).limit(5)
              .map(t -> t.id() + " " + t.state() + " claim #" + t.claimSequence() + " attempts " + t.attempts()
                  + (t.leaseExpiresAt() == null ? "" : " lease until " + t.leaseExpiresAt()))
              .toList()));
      try {
        note("registered queues at the end: " + observer.queues());
      } catch (RuntimeException e) {
        // diagnostics only
      }
    }
    return result(expectation, null);
  }

  /** A row for a run that threw before it could finish: FAIL, with what the history holds so far. */
  public ScenarioResult aborted(Throwable error) {
    stopWorkers();
    check("the scenario runs to its end", false, error.toString());
    return result(Expectation.NO_ANOMALY, error);
  }

  private ScenarioResult result(Expectation expectation, Throwable error) {
    History history = history();
    HistoryReport report = HistoryChecker.builder().clockToleranceMillis(CLOCK_TOLERANCE_MILLIS).build().check(history);
    int ok = 0;
    int failed = 0;
    int unknown = 0;
    for (History.Entry e : history.entries()) {
      switch (e.status()) {
        case OK -> ok++;
        case FAIL -> failed++;
        default -> unknown++;
      }
    }
    RecoveryTimes.Result recovery = RecoveryTimes.longest(history, faults.windows());
    int lost = report.count(AnomalyKind.LOST);

    List<Check> ordered = new ArrayList<>();
    checks.stream().filter(Check::evidence).forEach(ordered::add);
    checks.stream().filter(c -> !c.evidence()).forEach(ordered::add);
    List<String> missingEvidence = ordered.stream().filter(c -> c.evidence() && !c.passed()).map(Check::what).toList();
    List<String> broken = ordered.stream().filter(c -> !c.evidence() && !c.passed()).map(Check::what).toList();
    boolean anyEvidence = ordered.stream().anyMatch(Check::evidence);

    Verdict verdict;
    String reason;
    if (error != null) {
      verdict = Verdict.FAIL;
      reason = "the scenario failed to run: " + error;
    } else if (!anyEvidence || !missingEvidence.isEmpty()) {
      verdict = Verdict.FAIL;
      reason = "the fault was never observed to fire" + (missingEvidence.isEmpty() ? "" : ": " + String.join("; ", missingEvidence));
    } else if (!broken.isEmpty()) {
      verdict = Verdict.FAIL;
      reason = "broken: " + String.join("; ", broken);
    } else if (!report.summary().lossChecked()) {
      verdict = Verdict.FAIL;
      reason = "no final read, so loss could not be judged";
    } else {
      switch (expectation) {
        case NO_ANOMALY -> {
          verdict = report.valid() ? Verdict.PASS : Verdict.FAIL;
          reason = report.valid() ? "guarantee held; fault observed" : "history check found anomalies: " + report;
        }
        case LOSS_REPORTED -> {
          verdict = lost > 0 ? Verdict.PASS : Verdict.FAIL;
          reason = lost > 0 ? "the checker caught the loss (" + lost + " acknowledged task(s)), as it must"
              : "no loss reported although acknowledged tasks were wiped: the checker (or the fault) failed";
        }
        default -> {
          verdict = lost > 0 ? Verdict.PASS : Verdict.INCONCLUSIVE;
          reason = lost > 0 ? "loss shown as documented (" + lost + " acknowledged task(s) lost)"
              : "no acknowledged task was lost, so the run demonstrated nothing";
        }
      }
    }
    return new ScenarioResult(info.number(), info.title(), backend.label(), variant, seed, info.guarantee(),
        expectation.text, plan, history.entries().size(), ok, failed, unknown, lost,
        report.count(AnomalyKind.DUPLICATED_CLAIM), report.count(AnomalyKind.STALE_WRITE),
        report.count(AnomalyKind.DOUBLE_TERMINAL), report.count(AnomalyKind.UNEXPECTED),
        report.count(AnomalyKind.EARLY_DELIVERY), recovery.longest(), recovery.unrecovered(), ordered, verdict, reason,
        notes, report.toMarkdown(), Duration.ofNanos(System.nanoTime() - startedNanos));
  }

  /** Stops workers and closes every tracked resource, newest first; failures are noted, not thrown. */
  @Override
  public void close() {
    stopWorkers();
    while (!closeables.isEmpty()) {
      try {
        closeables.pop().close();
      } catch (Exception e) {
        notes.add("closing a resource failed: " + e);
      }
    }
  }
}
