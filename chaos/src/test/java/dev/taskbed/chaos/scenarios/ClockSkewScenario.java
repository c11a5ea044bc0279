package dev.taskbed.chaos.scenarios;

import static dev.taskbed.simulator.scripted.HistoryFacts.answered;
import static dev.taskbed.simulator.scripted.HistoryFacts.byProcess;
import static dev.taskbed.simulator.scripted.HistoryFacts.is;

import dev.taskbed.chaos.infra.ProxiedRedis;
import dev.taskbed.chaos.infra.ProxiedRedis.Route;
import dev.taskbed.conformance.history.Operation;
import dev.taskbed.conformance.history.RecordingAdmin;
import dev.taskbed.conformance.history.RecordingBroker;
import dev.taskbed.simulator.report.ScenarioResult;
import dev.taskbed.simulator.scripted.ExecutionLog;
import dev.taskbed.simulator.scripted.HistoryFacts;
import dev.taskbed.simulator.scripted.RecordedProducer;
import dev.taskbed.simulator.scripted.ScenarioInfo;
import dev.taskbed.simulator.scripted.ScenarioRun;
import dev.taskbed.simulator.scripted.ScriptedScenario;
import dev.taskbed.simulator.verdict.Expectation;
import dev.taskbed.spi.AckStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * 9. Clock skew. Three workers share the queue: one whose wall clock runs 30 s ahead, one 30 s
 * behind, one on time (an {@link dev.taskbed.env.Environment} with an offset clock; the brokers run
 * in production mode on Redis {@code TIME}). Some tasks run longer than the lease, so they live on
 * heartbeats, while every worker, the skewed ones included, runs lease recovery every half second.
 * Were leases judged on a worker's clock, the worker 30 s ahead would recover every live lease at
 * once. The checker's early-delivery and duplicated-claim rules (judged on Redis time) must stay
 * silent, no lease may be recovered at all, and no task may run twice.
 */
public final class ClockSkewScenario implements ScriptedScenario {
  static final ScenarioInfo INFO = new ScenarioInfo(9, "clock skew ±30 s",
      "Workers whose wall clocks are off by ±30 s cause no early lease recovery and no duplicate execution: leases "
          + "are judged on Redis TIME.");

  static final Duration SKEW = Duration.ofSeconds(30);

  @Override
  public ScenarioInfo info() {
    return INFO;
  }

  @Override
  public ScenarioResult run(ScenarioRun run) throws Exception {
    ProxiedRedis infra = ProxiedBrokers.prepare(ProxiedRedis.Persistence.DURABLE);
    Map<String, Duration> offsets = new LinkedHashMap<>();
    offsets.put("ahead", SKEW);
    offsets.put("behind", SKEW.negated());
    offsets.put("ontime", Duration.ZERO);
    double longShare = 0.1 + run.random().nextDouble() * 0.1;
    long seed = run.random().nextLong();
    Duration load = run.between(Duration.ofMillis(4000), Duration.ofMillis(5000));
    run.plan("workers' wall clocks: ahead +30 s, behind -30 s, ontime 0; " + Math.round(longShare * 100)
        + "% of tasks run 2.5–3.5 s (longer than the " + run.timing().lease().toMillis() + " ms lease), the rest 5–30 ms; load for "
        + load.toMillis() + " ms");

    RecordingBroker producers = run.record(ProxiedBrokers.open(run, infra, Route.PRODUCERS));
    RecordingBroker workers = run.record(ProxiedBrokers.open(run, infra, Route.WORKERS));
    RecordingAdmin observer = run.recordAdmin(ProxiedBrokers.open(run, infra, Route.OBSERVER));
    offsets.forEach((name, offset) -> run.startWorker(name, workers, 4, offset));
    RecordedProducer producer = run.startProducer("producer", producers, Duration.ofMillis(15), 100_000, run.timing().clientAttempts(),
        n -> {
          SplittableRandom r = new SplittableRandom(seed + n);
          return r.nextDouble() < longShare ? 2500 + r.nextLong(1001) : 5 + r.nextLong(26);
        });
    ScenarioRun.sleep(load);
    producer.stop();
    boolean drained = run.drain(observer);

    HistoryFacts facts = new HistoryFacts(run.history());
    List<ExecutionLog.Execution> runs = run.executions().all();
    for (Map.Entry<String, Duration> o : offsets.entrySet()) {
      if (o.getValue().isZero()) {
        continue;
      }
      List<ExecutionLog.Execution> mine = runs.stream().filter(e -> e.worker().equals(o.getKey())).toList();
      long skewed = mine.stream().filter(e -> Math.abs(e.workerClockOffsetMillis() - o.getValue().toMillis()) < 1_000).count();
      long recoveries = facts.count(byProcess(o.getKey()).and(e -> e.operation() instanceof Operation.Maintenance m
          && m.kind() == Operation.MaintenanceKind.RECOVER_EXPIRED_LEASES));
      run.evidence("worker " + o.getKey() + " ran with its clock off by " + o.getValue().toSeconds() + " s and ran lease recovery",
          !mine.isEmpty() && skewed == mine.size() && recoveries > 0,
          skewed + " of " + mine.size() + " handler runs saw the offset; " + recoveries + " recovery call(s)");
    }
    long extended = facts.count(is(Operation.ExtendLease.class).and(answered(AckStatus.OK)));
    long longRuns = runs.stream().filter(e -> e.returned() && (e.endNanos() - e.startNanos()) > run.timing().lease().toNanos()).count();
    run.evidence("tasks outlived the lease on heartbeats", longRuns > 0 && extended > 0,
        longRuns + " run(s) longer than the lease, " + extended + " lease extension(s)");
    run.check("no lease was recovered", facts.recoveredLeases() == 0, facts.recoveredLeases() + " recovered");
    List<String> twice = run.executions().completedMoreThanOnce();
    run.check("no task ran twice", twice.isEmpty() && run.executions().overlapping().isEmpty(),
        twice.isEmpty() ? runs.size() + " handler runs, one per task" : "ran twice: " + twice);
    run.check("every acknowledged task finished (queue drained)", drained, producer.acknowledged().size() + " acknowledged");
    return run.finish(observer, Expectation.NO_ANOMALY);
  }
}
