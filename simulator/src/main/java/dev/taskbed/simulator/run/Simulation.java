package dev.taskbed.simulator.run;

import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.QueueStats;
import dev.taskbed.Task;
import dev.taskbed.WorkerConfig;
import dev.taskbed.simulator.backend.Backend;
import dev.taskbed.simulator.backend.BrokerDefect;
import dev.taskbed.simulator.backend.DefectiveBroker;
import dev.taskbed.simulator.config.Durations;
import dev.taskbed.simulator.config.FaultSpec;
import dev.taskbed.simulator.config.Scenario;
import dev.taskbed.simulator.config.ScenarioException;
import dev.taskbed.simulator.config.TaskKind;
import dev.taskbed.simulator.config.WorkerFleetSpec;
import dev.taskbed.simulator.fault.Fault;
import dev.taskbed.simulator.fault.Faults;
import dev.taskbed.simulator.fault.ToxicSpec;
import dev.taskbed.simulator.metrics.Counter;
import dev.taskbed.simulator.metrics.RunMetrics;
import dev.taskbed.simulator.process.ProcessEnvironment;
import dev.taskbed.simulator.report.RunReport;
import dev.taskbed.simulator.verdict.GuaranteeChecker;
import dev.taskbed.simulator.verdict.Verdict;
import dev.taskbed.simulator.workload.Producer;
import dev.taskbed.spi.Broker;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run of a scenario against a backend, from the first enqueue to the verdict.
 *
 * <ol>
 *   <li><b>Produce.</b> Producers enqueue for {@code run.duration}; worker servers claim and run
 *       simulated handlers; faults fire on their schedule.
 *   <li><b>Heal and drain.</b> After production and the last fault window, workers get up to
 *       {@code run.drain-timeout} to bring every task to a final state.
 *   <li><b>Shut down</b> the fleet gracefully, then ask the history checker for its verdict on
 *       everything recorded.
 * </ol>
 *
 * <p>Brokers are stacked so that each layer sees what it should: producers and workers call the
 * measuring layer, which calls the history recorder, which calls the backend (behind a planted
 * defect, for negative controls). So the history records what the backend answered, defect
 * included. Every worker incarnation and every producer is a process of its own
 * ({@code ProcessEnvironment}), seeing that stack through its environment, so a crashed worker's
 * calls stop before they are recorded.
 *
 * <p>Determinism: with a virtual {@link Clockwork}, every event runs on the calling thread in
 * (time, scheduling order); all randomness derives from the scenario's seed through fixed splits
 * (environment, handlers, one stream per producer), so the same seed and scenario give the same
 * report.
 */
public final class Simulation {
  /** What a {@code proxy-latency} fault adds to every reply. */
  public static final Duration ADDED_LATENCY = Duration.ofSeconds(1);

  private final Scenario scenario;
  private final Backend backend;
  private final Clockwork clockwork;
  private final GuaranteeChecker checker;
  private final BrokerDefect defect;
  /** The clients' Toxiproxy proxy, or {@code null} when the backend has no network to break. */
  private final Proxy network;

  /**
   * @param defect a planted broker bug (negative control), or {@code null}
   * @throws ScenarioException if the scenario needs what the backend lacks (a network for proxy
   *     faults), or the backend's queues are not empty
   */
  public Simulation(Scenario scenario, Backend backend, Clockwork clockwork, GuaranteeChecker checker,
      BrokerDefect defect) {
    this.scenario = scenario;
    this.backend = backend;
    this.clockwork = clockwork;
    this.checker = checker;
    this.defect = defect;
    this.network = backend.network();
    for (FaultSpec f : scenario.faults()) {
      if (f.kind().needsProxy() && network == null) {
        throw new ScenarioException("fault." + f.name() + ".kind", "fault " + f.name() + " (" + f.kind().spec()
            + ") needs a Redis backend with --toxiproxy; backend " + backend.name() + " has no network to break");
      }
    }
    // Tasks left by an earlier run would be judged as never enqueued (unexpected) by this run's history.
    for (String q : scenario.queues()) {
      QueueStats stats = backend.admin().stats(q);
      if (stats.unfinished() + stats.archived() + stats.completed() > 0) {
        throw new ScenarioException("--redis", "queue " + q + " on " + backend.description() + " already holds "
            + (stats.unfinished() + stats.archived() + stats.completed()) + " task(s) from before this run; the history "
            + "checker would count them as unexpected. Use an empty Redis database (e.g. redis://host:port/15).");
      }
    }
  }

  /** The seed the run's environment must use: the first draw of the scenario seed's stream. */
  public static long environmentSeed(long scenarioSeed) {
    return new SplittableRandom(scenarioSeed).nextLong();
  }

  public RunReport run(ProgressListener progress) throws InterruptedException {
    var env = clockwork.environment();
    SplittableRandom root = new SplittableRandom(scenario.seed());
    root.nextLong(); // consumed by environmentSeed
    long handlerSeed = root.nextLong();

    RunMetrics metrics = new RunMetrics();
    Broker broker = backend.broker();
    if (defect != null) {
      broker = new DefectiveBroker(broker, defect);
    }
    broker = checker.record(broker, env.clock());
    broker = new MeasuringBroker(broker, metrics, env.clock());

    Map<String, TaskKind> kindsByType = new LinkedHashMap<>();
    scenario.tasks().forEach(k -> kindsByType.put(k.type(), k));
    WorkerFleetSpec fleetSpec = scenario.workers();
    WorkerFleet fleet = new WorkerFleet(fleetSpec, broker, kindsByType, clockwork, handlerSeed);

    long start = env.clock().millis();
    long production = scenario.run().duration().toMillis();
    AtomicLong budget = new AtomicLong(scenario.run().maxTasks() > 0 ? scenario.run().maxTasks() : Long.MAX_VALUE);
    Producer.Listener counting = new Producer.Listener() {
      @Override
      public void sending(Task task) {
        metrics.count(Counter.ENQUEUE_ATTEMPTS);
      }

      @Override
      public void answered(Task task, Producer.Answer answer) {
        switch (answer) {
          case DUPLICATE -> metrics.count(Counter.DUPLICATES_REFUSED);
          case UNKNOWN, FAILED -> metrics.count(Counter.ENQUEUE_FAILED);
          default -> { }
        }
      }
    };
    List<Producer> producers = new ArrayList<>();
    List<ProcessEnvironment> producerProcesses = new ArrayList<>();
    for (var spec : scenario.producers()) {
      ProcessEnvironment process = clockwork.process(spec.name());
      producerProcesses.add(process);
      Client client = Client.create(process.broker(broker), ClientConfig.defaults(), process);
      producers.add(Producer.builder(client, process, new ProducerTasks(spec, scenario.tasks()))
          .poisson(spec.perSecond(), root.split()).stopAt(start + production).budget(budget).listener(counting).build());
    }
    FaultSchedule faults = new FaultSchedule(scenario.faults(), production, f -> fault(f, fleet), env);
    Sampler sampler = new Sampler(metrics, backend.admin(), scenario.queues());
    long interval = scenario.run().sampleInterval().toMillis();
    long planned = Math.max(production, faults.healedBy());

    fleet.startAll();
    producers.forEach(Producer::start);
    faults.schedule();
    sampler.sample(0);

    long offset = 0;
    while (offset < planned) {
      offset = Math.min(offset + interval, planned);
      clockwork.advanceTo(start + offset);
      sampler.sample(offset);
      if (offset < production && producers.stream().allMatch(Producer::isStopped)) {
        production = offset; // run.max-tasks reached: no more arrivals, and no fault starts from now on
        faults.close(offset);
        planned = Math.max(offset, faults.healedBy());
      }
      progress.update("producing", offset, planned, metrics.total(Counter.COMPLETED));
    }

    long drainLimit = planned + scenario.run().drainTimeout().toMillis();
    boolean drained = sampler.idle();
    while (!drained && offset < drainLimit) {
      offset = Math.min(offset + interval, drainLimit);
      clockwork.advanceTo(start + offset);
      sampler.sample(offset);
      drained = sampler.idle();
      progress.update("draining", offset, planned, metrics.total(Counter.COMPLETED));
    }

    CompletableFuture<Void> stopped = fleet.shutdownAll();
    long shutdownLimit = offset + fleetSpec.shutdownTimeout().toMillis()
        + WorkerConfig.DEFAULT_CANCEL_GRACE.toMillis() + fleetSpec.lease().toMillis();
    while (!stopped.isDone() && offset < shutdownLimit) {
      offset = Math.min(offset + Math.min(interval, 1_000), shutdownLimit);
      clockwork.advanceTo(start + offset);
      progress.update("shutting down", offset, planned, metrics.total(Counter.COMPLETED));
    }
    fleet.close();
    producerProcesses.forEach(ProcessEnvironment::close);

    progress.update("judging", offset, planned, metrics.total(Counter.COMPLETED));
    Verdict verdict = checker.judge(backend.admin(), scenario.queues());
    List<QueueStats> finalQueues = new ArrayList<>();
    for (String q : scenario.queues()) {
      finalQueues.add(backend.admin().stats(q));
    }
    EnumMap<Counter, Long> totals = new EnumMap<>(Counter.class);
    for (Counter c : Counter.values()) {
      totals.put(c, metrics.total(c));
    }
    return new RunReport(scenario.name(), scenario.seed(), clockwork.isVirtual() ? "deterministic" : "real-time",
        backend.description(), defect == null ? null : defect.spec(), scenario.settings(), timing(fleetSpec),
        production, offset, drained, totals, List.of(metrics.waitSummary(), metrics.endToEndSummary()), finalQueues,
        faults.records(), sampler.series(), interval, verdict);
  }

  /** The fault of one window of {@code f}: one case per {@link dev.taskbed.simulator.config.FaultKind}. */
  private Fault fault(FaultSpec f, WorkerFleet fleet) {
    return switch (f.kind()) {
      case CRASH -> Faults.crash(fleet.get(f.target()));
      case STALL -> Faults.stall(fleet.get(f.target()));
      case PAUSE_QUEUE -> Faults.pauseQueue(backend.admin(), f.target());
      case PROXY_DOWN -> Faults.proxyDown(network);
      case PROXY_LATENCY -> Faults.toxics(network, "latency",
          List.of(ToxicSpec.latency(ToxicDirection.DOWNSTREAM, ADDED_LATENCY.toMillis())));
    };
  }

  private static Map<String, String> timing(WorkerFleetSpec w) {
    Map<String, String> t = new LinkedHashMap<>();
    t.put("lease", Durations.format(w.lease()));
    t.put("heartbeat", Durations.format(w.heartbeat()));
    t.put("recover interval", Durations.format(w.recoverInterval()));
    t.put("recovery delay", Durations.format(w.recoveryDelay()));
    t.put("forward interval", Durations.format(w.forwardInterval()));
    t.put("max poll interval", Durations.format(w.maxPollInterval()));
    t.put("retry delay", w.retryDelay() == null ? "n^4 + 15 + rand(30)*(n+1) s" : w.retryDelay().spec());
    t.put("shutdown timeout", Durations.format(w.shutdownTimeout()));
    return t;
  }
}
