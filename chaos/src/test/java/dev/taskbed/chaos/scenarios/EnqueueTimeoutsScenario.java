package dev.taskbed.chaos.scenarios;

import static dev.taskbed.simulator.scripted.HistoryFacts.is;
import static dev.taskbed.simulator.scripted.HistoryFacts.unknown;

import dev.taskbed.TaskInfo;
import dev.taskbed.chaos.infra.ProxiedRedis;
import dev.taskbed.chaos.infra.ProxiedRedis.Route;
import dev.taskbed.conformance.history.Operation;
import dev.taskbed.conformance.history.RecordingAdmin;
import dev.taskbed.conformance.history.RecordingBroker;
import dev.taskbed.simulator.fault.Faults;
import dev.taskbed.simulator.fault.ToxicSpec;
import dev.taskbed.simulator.report.ScenarioResult;
import dev.taskbed.simulator.scripted.ExecutionLog;
import dev.taskbed.simulator.scripted.HistoryFacts;
import dev.taskbed.simulator.scripted.RecordedProducer;
import dev.taskbed.simulator.scripted.ScenarioInfo;
import dev.taskbed.simulator.scripted.ScenarioRun;
import dev.taskbed.simulator.scripted.ScriptedScenario;
import dev.taskbed.simulator.verdict.Expectation;
import dev.taskbed.simulator.workload.Producer;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * 3. Timeouts on enqueue. Two producers enqueue while, in two windows longer than the broker's
 * whole retry budget, the producers' proxy holds every reply longer than the client's read timeout
 * ({@code latency} downstream): Redis runs each enqueue, the client times out and retries with the
 * same task id and content hash, and a retry after the window finds the task ({@code EXISTING}).
 * One producer's client retries (4 attempts), so its enqueues end acknowledged; the other's gives
 * up after one broker call, so some of its enqueues stay indeterminate. No worker runs meanwhile,
 * so a read after the producers stop shows exactly what was enqueued; then workers drain the queue.
 */
public final class EnqueueTimeoutsScenario implements ScriptedScenario {
  static final ScenarioInfo INFO = new ScenarioInfo(3, "timeouts on enqueue",
      "Replies slower than the client timeout make the client retry: every acknowledged enqueue exists exactly once "
          + "(idempotent by task id), every indeterminate one once or not at all, and each task runs once.");

  @Override
  public ScenarioInfo info() {
    return INFO;
  }

  @Override
  public ScenarioResult run(ScenarioRun run) throws Exception {
    ProxiedRedis infra = ProxiedBrokers.prepare(ProxiedRedis.Persistence.DURABLE);

    record Window(Duration after, Duration length, ToxicSpec toxic) {}
    List<Window> windows = new ArrayList<>();
    long timeout = run.timing().clientTimeout().toMillis();
    for (int i = 0; i < 2; i++) {
      Window w = new Window(run.between(Duration.ofMillis(500), Duration.ofMillis(1000)),
          run.between(Duration.ofMillis(3500), Duration.ofMillis(4500)),
          ToxicSpec.latency(ToxicDirection.DOWNSTREAM, timeout + 200 + run.random().nextLong(600)));
      windows.add(w);
      run.plan("after " + w.after().toMillis() + " ms: " + w.toxic() + " on the producers' proxy for " + w.length().toMillis()
          + " ms (client read timeout " + timeout + " ms)");
    }

    RecordingBroker producers = run.record(ProxiedBrokers.open(run, infra, Route.PRODUCERS));
    RecordingBroker workers = run.record(ProxiedBrokers.open(run, infra, Route.WORKERS));
    RecordingAdmin observer = run.recordAdmin(ProxiedBrokers.open(run, infra, Route.OBSERVER));
    RecordedProducer p1 = run.startProducer("p1", producers, Duration.ofMillis(20), 100_000);
    RecordedProducer p2 = run.startProducer("p2", producers, Duration.ofMillis(20), 100_000, 1);
    for (Window w : windows) {
      ScenarioRun.sleep(w.after());
      run.inject("replies delayed (" + w.toxic() + ")",
          Faults.toxics(infra.proxy(Route.PRODUCERS), "slow-replies", List.of(w.toxic())), w.length());
    }
    ScenarioRun.sleep(Duration.ofMillis(500));
    p1.stop();
    p2.stop();

    Map<String, Producer.Answer> answers = new HashMap<>(p1.answers());
    answers.putAll(p2.answers());
    List<TaskInfo> snapshot = observer.read(List.of(run.queue()));
    Map<String, Integer> copies = new HashMap<>();
    snapshot.forEach(t -> copies.merge(t.id(), 1, Integer::sum));
    Set<String> ackedMissingOrTwice = new TreeSet<>();
    int unknownPresent = 0;
    int unknownAbsent = 0;
    for (Map.Entry<String, Producer.Answer> a : answers.entrySet()) {
      int n = copies.getOrDefault(a.getKey(), 0);
      switch (a.getValue()) {
        case CREATED, EXISTING -> {
          if (n != 1) {
            ackedMissingOrTwice.add(a.getKey() + " x" + n);
          }
        }
        case UNKNOWN -> {
          if (n == 1) {
            unknownPresent++;
          } else {
            unknownAbsent++;
          }
        }
        default -> { }
      }
    }
    Set<String> strangers = new TreeSet<>(copies.keySet());
    strangers.removeAll(answers.keySet());

    run.startWorker("w1", workers, 8, Duration.ZERO);
    run.startWorker("w2", workers, 8, Duration.ZERO);
    boolean drained = run.drain(observer);

    HistoryFacts facts = new HistoryFacts(run.history());
    long timedOut = facts.count(is(Operation.Enqueue.class).and(unknown()));
    long existing = facts.enqueuesAnsweredExisting();
    long acked = answers.values().stream().filter(a -> a == Producer.Answer.CREATED || a == Producer.Answer.EXISTING).count();
    long indeterminate = answers.values().stream().filter(a -> a == Producer.Answer.UNKNOWN).count();
    run.evidence("enqueue calls timed out on every attempt (unknown outcome)", timedOut > 0,
        timedOut + " broker call(s), each after " + run.timing().brokerAttempts() + " timed-out attempts");
    run.evidence("retries found the task their timed-out attempt had created (EXISTING)", existing > 0,
        existing + " enqueue(s) answered EXISTING");
    run.evidence("some enqueues ended indeterminate for the producer", indeterminate > 0, indeterminate + " task(s)");
    run.check("every acknowledged enqueue exists exactly once", ackedMissingOrTwice.isEmpty(),
        acked + " acknowledged" + (ackedMissingOrTwice.isEmpty() ? "" : "; wrong: " + ackedMissingOrTwice));
    run.check("indeterminate enqueues exist at most once, and no task exists that no producer sent", strangers.isEmpty(),
        unknownPresent + " present, " + unknownAbsent + " absent" + (strangers.isEmpty() ? "" : "; unknown ids: " + strangers));
    run.check("every acknowledged task finished (queue drained)", drained, acked + " acknowledged");
    List<String> twice = run.executions().completedMoreThanOnce();
    run.check("each task ran to completion once", twice.isEmpty(), twice.isEmpty() ? run.executions().all().stream()
        .filter(ExecutionLog.Execution::returned).count() + " runs" : "twice: " + twice);
    run.note(answers.size() + " enqueues: " + acked + " acknowledged, "
        + answers.values().stream().filter(a -> a == Producer.Answer.UNKNOWN).count() + " unknown, "
        + answers.values().stream().filter(a -> a == Producer.Answer.FAILED).count() + " failed");
    return run.finish(observer, Expectation.NO_ANOMALY);
  }
}
