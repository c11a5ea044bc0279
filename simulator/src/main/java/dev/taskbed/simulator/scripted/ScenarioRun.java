package dev.taskbed.simulator.scripted;

import dev.taskbed.Client;
import dev.taskbed.Task;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.conformance.history.History;
import dev.taskbed.conformance.history.HistoryChecker;
import dev.taskbed.conformance.history.HistoryEvent;
import dev.taskbed.conformance.history.HistoryRecorder;
import dev.taskbed.conformance.history.HistoryReport;
import dev.taskbed.conformance.history.RecordingAdmin;
import dev.taskbed.conformance.history.RecordingBroker;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.simulator.backend.RedisDriver;
import dev.taskbed.simulator.fault.Fault;
import dev.taskbed.simulator.process.ProcessEnvironment;
import dev.taskbed.simulator.process.WorkerProcess;
import dev.taskbed.simulator.report.ScenarioResult;
import dev.taskbed.simulator.verdict.Check;
import dev.taskbed.simulator.verdict.Expectation;
import dev.taskbed.simulator.verdict.Verdict;
import dev.taskbed.simulator.workload.Producer;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.BrokerAdmin;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.IntToLongFunction;
import java.util.function.Supplier;

/**
 * One run of a {@link ScriptedScenario} on one Redis backend, in real time: the harness every
 * scripted scenario drives. It owns the history recorder (every broker call of the run's clients
 * goes through a {@link RecordingBroker}), the handler {@link ExecutionLog}, the seeded random the
 * fault plan is drawn from, the {@link FaultTimeline}, the workers and producers it starts (each a
 * process of its own, {@link ProcessEnvironment}) and everything else that must be closed; and it
 * turns what happened into a {@link ScenarioResult}: the history checked by the conformance kit's
 * {@link HistoryChecker}, the scenario's own checks, and a {@link Verdict}.
 *
 * <p>A scenario calls {@link #plan} for each fault it draws, {@link #inject} (or {@link #begin})
 * to put a {@link Fault} in force, {@link #evidence} for each sign that a fault fired, {@link #check}
 * for each guarantee beyond the history check, and ends with {@link #finish}. Time bounds use the
 * real clock: the brokers run on Redis {@code TIME}.
 */
public final class ScenarioRun implements AutoCloseable {
  /** How far Redis {@code TIME} and the recorder's clock may differ: both read this machine's clock. */
  static final long CLOCK_TOLERANCE_MILLIS = 50;

  private final ScenarioInfo info;
  private final RedisDriver backend;
  private final String variant;
  private final long seed;
  private final TimingProfile timing;
  private final SplittableRandom random;
  private final String queue;
  private final HistoryRecorder recorder = new HistoryRecorder(Clock.systemUTC());
  private final ExecutionLog executions = new ExecutionLog();
  private final FaultTimeline faults = new FaultTimeline();
  private final List<String> plan = new ArrayList<>();
  private final List<Check> checks = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<Supplier<List<HistoryEvent>>> otherProcesses = new ArrayList<>();
  private final List<WorkerProcess> workers = new ArrayList<>();
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private final long startedNanos = System.nanoTime();

  public ScenarioRun(ScenarioInfo info, RedisDriver backend, String variant, long seed, TimingProfile timing) {
    this.info = info;
    this.backend = backend;
    this.variant = variant;
    this.seed = seed;
    this.timing = timing;
    this.random = new SplittableRandom(seed);
    this.queue = String.format("s%02d-%s%s", info.number(), backend.label(),
        variant.isEmpty() ? "" : "-" + variant.replaceAll("[^A-Za-z0-9]+", "").toLowerCase(Locale.ROOT));
  }

  public RedisDriver backend() {
    return backend;
  }

  public TimingProfile timing() {
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

  /** A broker of the run's backend on the timing profile, closed with the run. */
  public RedisBroker open(RedisBrokerConfig.Builder config, RedisBrokerSettings settings) {
    return track(backend.open(timing.redisConfig(config, settings)));
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

  /** A real-time process environment named {@code name} (its threads carry the name), closed with the run. */
  public ProcessEnvironment process(String name, Duration clockOffset) {
    return track(ProcessEnvironment.inRealTime(name, clockOffset, random.nextLong()));
  }

  /**
   * Starts a worker named {@code name} on {@code broker}, running the execution log's handler on the
   * timing profile, in a process of its own whose wall clock is set off by {@code clockOffset}.
   */
  public WorkerProcess startWorker(String name, Broker broker, int concurrency, Duration clockOffset) {
    return startWorker(name, broker, concurrency, clockOffset, false);
  }

  /** {@link #startWorker(String, Broker, int, Duration)}; a worker that {@code holds} keeps {@link ScenarioTasks#HOLD} tasks until cancelled. */
  public WorkerProcess startWorker(String name, Broker broker, int concurrency, Duration clockOffset, boolean holds) {
    WorkerProcess worker = new WorkerProcess(name, broker, timing.worker(queue, concurrency).build(),
        env -> executions.handler(name, holds), () -> process(name, clockOffset));
    worker.start();
    synchronized (workers) {
      workers.add(worker);
    }
    return worker;
  }

  /**
   * Starts a producer named {@code name} enqueueing {@link ScenarioTasks#WORK} tasks through a
   * client on {@code broker}: one every {@code pace}, each working a seeded 5–30 ms, up to {@code limit}.
   */
  public RecordedProducer startProducer(String name, Broker broker, Duration pace, int limit) {
    return startProducer(name, broker, pace, limit, timing.clientAttempts());
  }

  /** {@link #startProducer(String, Broker, Duration, int)} with a client making {@code clientAttempts} attempts per enqueue. */
  public RecordedProducer startProducer(String name, Broker broker, Duration pace, int limit, int clientAttempts) {
    long handlerSeed = random.nextLong();
    return startProducer(name, broker, pace, limit, clientAttempts, n -> 5 + new SplittableRandom(handlerSeed + n).nextLong(26));
  }

  /** {@link #startProducer(String, Broker, Duration, int)} with the handler time of task {@code n} given. */
  public RecordedProducer startProducer(String name, Broker broker, Duration pace, int limit, int clientAttempts,
      IntToLongFunction handlerMillis) {
    return startProducerOf(name, broker, pace, limit, clientAttempts,
        n -> ScenarioTasks.task(ScenarioTasks.WORK, queue, queue + "-" + name + "-" + n, handlerMillis.applyAsLong(n), Duration.ZERO));
  }

  /**
   * A closed-loop producer (each enqueue {@code pace} after the previous one returned) of the tasks
   * {@code tasks} makes (task {@code n} for n = 0, 1, ...), in a process named {@code name}.
   */
  public RecordedProducer startProducerOf(String name, Broker broker, Duration pace, int limit, int clientAttempts,
      IntFunction<Task> tasks) {
    ProcessEnvironment env = process(name, Duration.ZERO);
    Client client = Client.create(broker, timing.clientConfig(clientAttempts), env);
    RecordedProducer answers = new RecordedProducer();
    Producer producer = Producer.builder(client, env, (n, r) -> tasks.apply((int) n)).paced(pace).limit(limit)
        .listener(answers).build();
    answers.attach(producer);
    producer.start();
    return answers;
  }

  /** An enqueueing client named {@code name} on {@code broker}, on this run's timing and seed. */
  public Client client(String name, Broker broker) {
    return client(name, broker, timing.clientAttempts());
  }

  /** {@link #client(String, Broker)} making {@code clientAttempts} attempts per enqueue. */
  public Client client(String name, Broker broker, int clientAttempts) {
    return Client.create(broker, timing.clientConfig(clientAttempts), process(name, Duration.ZERO));
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
    List<WorkerProcess> all;
    synchronized (workers) {
      all = List.copyOf(workers);
      workers.clear();
    }
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (WorkerProcess w : all) {
      stops.add(w.shutdown().toCompletableFuture());
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

  // ------------------------------------------------------------------ faults

  /** A fault in force, from {@link #begin}; {@link #heal()} ends it. */
  public static final class Injected {
    private final Fault fault;
    private final Fault.Injection injection;
    private final FaultTimeline.Active window;
    private boolean healed;

    private Injected(Fault fault, Fault.Injection injection, FaultTimeline.Active window) {
      this.fault = fault;
      this.injection = injection;
      this.window = window;
    }

    /** What beginning the fault did. */
    public Fault.Injection injection() {
      return injection;
    }

    /** Heals the fault (if it took effect) and closes its window on the timeline. Idempotent. */
    public synchronized void heal() {
      if (healed) {
        return;
      }
      healed = true;
      try {
        if (injection.fired()) {
          fault.heal();
        }
      } finally {
        window.end();
      }
    }
  }

  /** Puts {@code fault} in force, its window on the timeline labelled {@code label}, until {@link Injected#heal()}. */
  public Injected begin(String label, Fault fault) {
    FaultTimeline.Active window = faults.begin(label);
    try {
      return new Injected(fault, fault.begin(), window);
    } catch (RuntimeException e) {
      window.end();
      throw e;
    }
  }

  /** Puts {@code fault} in force for {@code length}, then heals it (also when interrupted). */
  public Fault.Injection inject(String label, Fault fault, Duration length) throws InterruptedException {
    Injected injected = begin(label, fault);
    try {
      sleep(length);
    } finally {
      injected.heal();
    }
    return injected.injection();
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
          + finalRead.stream().filter(t -> t.state() != TaskState.COMPLETED).limit(5)
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
    Verdict verdict = Verdict.judge(report, expectation, checks, true, error);
    return new ScenarioResult(info.number(), info.title(), backend.label(), variant, seed, info.guarantee(),
        expectation.text(), plan, history.entries().size(), ok, failed, unknown, recovery.longest(),
        recovery.unrecovered(), verdict, notes, report.toMarkdown(), Duration.ofNanos(System.nanoTime() - startedNanos));
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
