package dev.taskbed.chaos.scenarios;

import static dev.taskbed.simulator.scripted.HistoryFacts.ack;
import static dev.taskbed.simulator.scripted.HistoryFacts.answered;
import static dev.taskbed.simulator.scripted.HistoryFacts.invokedBetween;
import static dev.taskbed.simulator.scripted.HistoryFacts.is;

import dev.taskbed.chaos.infra.ProxiedRedis;
import dev.taskbed.chaos.infra.ProxiedRedis.Route;
import dev.taskbed.conformance.history.Operation;
import dev.taskbed.conformance.history.RecordingAdmin;
import dev.taskbed.conformance.history.RecordingBroker;
import dev.taskbed.simulator.fault.Fault;
import dev.taskbed.simulator.fault.Faults;
import dev.taskbed.simulator.fault.ToxicSpec;
import dev.taskbed.simulator.report.ScenarioResult;
import dev.taskbed.simulator.scripted.HistoryFacts;
import dev.taskbed.simulator.scripted.RecordedProducer;
import dev.taskbed.simulator.scripted.ScenarioInfo;
import dev.taskbed.simulator.scripted.ScenarioRun;
import dev.taskbed.simulator.scripted.ScriptedScenario;
import dev.taskbed.simulator.verdict.Expectation;
import dev.taskbed.spi.AckKind;
import dev.taskbed.spi.AckStatus;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * 8. Slow network. The same load runs first on a clean network, then with 50 ms added to every
 * reply and a bandwidth cap on both the producers' and the workers' proxies. Nothing may go wrong
 * (no anomaly, everything drains); the report gives enqueue and completion rates and call latencies
 * in both phases.
 */
public final class SlowNetworkScenario implements ScriptedScenario {
  static final ScenarioInfo INFO = new ScenarioInfo(8, "slow network",
      "50 ms latency and limited bandwidth slow everything down but cause no correctness anomaly; throughput under "
          + "degradation is reported.");

  static final long LATENCY_MILLIS = 50;

  @Override
  public ScenarioInfo info() {
    return INFO;
  }

  @Override
  public ScenarioResult run(ScenarioRun run) throws Exception {
    ProxiedRedis infra = ProxiedBrokers.prepare(ProxiedRedis.Persistence.DURABLE);
    Duration phase = run.between(Duration.ofMillis(3500), Duration.ofMillis(4500));
    long bandwidth = 32 + run.random().nextLong(97);
    run.plan("baseline for " + phase.toMillis() + " ms, then latency " + LATENCY_MILLIS + " ms downstream and bandwidth "
        + bandwidth + " KB/s both ways on the producers' and workers' proxies for " + phase.toMillis() + " ms");

    RecordingBroker producers = run.record(ProxiedBrokers.open(run, infra, Route.PRODUCERS));
    RecordingBroker workers = run.record(ProxiedBrokers.open(run, infra, Route.WORKERS));
    RecordingAdmin observer = run.recordAdmin(ProxiedBrokers.open(run, infra, Route.OBSERVER));
    run.startWorker("w1", workers, 8, Duration.ZERO);
    run.startWorker("w2", workers, 8, Duration.ZERO);
    int attempts = run.timing().clientAttempts();
    RecordedProducer p1 = run.startProducer("p1", producers, Duration.ZERO, 100_000, attempts, n -> 5);
    RecordedProducer p2 = run.startProducer("p2", producers, Duration.ZERO, 100_000, attempts, n -> 5);

    ScenarioRun.sleep(Duration.ofMillis(500)); // connections warm
    long baselineFrom = System.nanoTime();
    ScenarioRun.sleep(phase);
    long baselineTo = System.nanoTime();
    List<Fault> degrade = new ArrayList<>();
    for (Route r : List.of(Route.PRODUCERS, Route.WORKERS)) {
      degrade.add(Faults.toxics(infra.proxy(r), "slow", List.of(ToxicSpec.latency(ToxicDirection.DOWNSTREAM, LATENCY_MILLIS),
          ToxicSpec.bandwidth(ToxicDirection.DOWNSTREAM, bandwidth), ToxicSpec.bandwidth(ToxicDirection.UPSTREAM, bandwidth))));
    }
    long slowFrom = System.nanoTime();
    run.inject("slow network", Faults.allOf(degrade), phase);
    long slowTo = System.nanoTime();
    p1.stop();
    p2.stop();
    boolean drained = run.drain(observer);

    HistoryFacts facts = new HistoryFacts(run.history());
    Phase base = Phase.of(facts, baselineFrom, baselineTo);
    Phase slow = Phase.of(facts, slowFrom, slowTo);
    run.evidence("calls took at least the added latency while the toxics were on",
        slow.claimP50 >= LATENCY_MILLIS && slow.ackP50 >= LATENCY_MILLIS,
        String.format(Locale.ROOT, "claim p50 %.1f ms, complete p50 %.1f ms (baseline %.1f / %.1f ms)", slow.claimP50,
            slow.ackP50, base.claimP50, base.ackP50));
    run.check("every acknowledged task finished (queue drained)", drained,
        (p1.acknowledged().size() + p2.acknowledged().size()) + " acknowledged");
    run.check("no two runs of one task overlapped", run.executions().overlapping().isEmpty(),
        run.executions().overlapping().toString());
    run.note(String.format(Locale.ROOT, "throughput baseline: %.0f enqueues/s, %.0f completions/s; degraded: %.0f enqueues/s, "
            + "%.0f completions/s (%.0f%% of baseline completions)", base.enqueueRate, base.completionRate, slow.enqueueRate,
        slow.completionRate, 100 * slow.completionRate / Math.max(1e-9, base.completionRate)));
    run.note(String.format(Locale.ROOT, "enqueue latency p50/p99: baseline %.1f/%.1f ms, degraded %.1f/%.1f ms", base.enqueueP50,
        base.enqueueP99, slow.enqueueP50, slow.enqueueP99));
    return run.finish(observer, Expectation.NO_ANOMALY);
  }

  /** Rates and latencies of the calls sent in one phase. */
  private record Phase(double enqueueRate, double completionRate, double enqueueP50, double enqueueP99, double claimP50,
      double ackP50) {
    static Phase of(HistoryFacts facts, long from, long to) {
      double seconds = (to - from) / 1e9;
      var window = invokedBetween(from, to);
      long enqueued = facts.count(window.and(is(Operation.Enqueue.class)).and(dev.taskbed.conformance.history.History.Entry::isOk));
      long completed = facts.count(window.and(ack(AckKind.COMPLETE)).and(answered(AckStatus.OK)));
      List<Double> enq = facts.latenciesMillis(window.and(is(Operation.Enqueue.class)));
      List<Double> claims = facts.latenciesMillis(window.and(is(Operation.Claim.class)));
      List<Double> acks = facts.latenciesMillis(window.and(ack(AckKind.COMPLETE)));
      return new Phase(enqueued / seconds, completed / seconds, HistoryFacts.quantile(enq, 0.5),
          HistoryFacts.quantile(enq, 0.99), HistoryFacts.quantile(claims, 0.5), HistoryFacts.quantile(acks, 0.5));
    }
  }
}
