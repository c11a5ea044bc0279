package dev.taskbed.chaos.scenarios;

import dev.taskbed.chaos.harness.ChaosRun;
import dev.taskbed.chaos.harness.HistoryFacts;
import dev.taskbed.chaos.harness.Producer;
import dev.taskbed.chaos.infra.ProxiedRedis;
import dev.taskbed.chaos.infra.ProxiedRedis.Route;
import dev.taskbed.chaos.process.WorkerJvm;
import dev.taskbed.chaos.report.ScenarioResult;
import dev.taskbed.conformance.history.History;
import dev.taskbed.conformance.history.HistoryEvent;
import dev.taskbed.conformance.history.Operation;
import dev.taskbed.conformance.history.RecordingAdmin;
import dev.taskbed.conformance.history.RecordingBroker;
import dev.taskbed.spi.AckKind;
import dev.taskbed.spi.AckStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * 7. Worker process crash. Two worker JVMs (started from the test classpath, streaming their
 * recorded history to this JVM) and one survivor worker in the test JVM process tasks that take
 * 200–500 ms. Each worker JVM is killed with SIGKILL at a seeded moment while it holds tasks:
 * nothing is acked, nothing is requeued, the leases are simply left behind. The survivor recovers
 * them once they expire and completes every task; the merged history of all three processes is
 * checked.
 */
public final class WorkerCrashScenario implements ChaosScenario {
  static final ScenarioInfo INFO = new ScenarioInfo(7, "worker process crash",
      "Worker JVMs killed with SIGKILL mid-task lose nothing: the survivors recover the abandoned leases and complete "
          + "every task.");

  @Override
  public ScenarioInfo info() {
    return INFO;
  }

  @Override
  public ScenarioResult run(ChaosRun run) throws Exception {
    ProxiedRedis infra = ProxiedRedis.shared();
    infra.prepare(ProxiedRedis.Persistence.DURABLE);
    ProxiedBrokers.describe(infra);
    List<String> names = List.of("jvm1", "jvm2");
    Map<String, Duration> killAt = new LinkedHashMap<>();
    for (String n : names) {
      killAt.put(n, run.between(Duration.ofMillis(800), Duration.ofMillis(2500)));
    }
    run.plan("worker JVMs " + names + " (4 slots each) and a survivor in the test JVM (8 slots); tasks take 200–500 ms; "
        + "SIGKILL " + killAt.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().toMillis() + " ms").toList()
        + " after the producer starts");

    List<WorkerJvm> jvms = new ArrayList<>();
    for (String n : names) {
      WorkerJvm jvm = WorkerJvm.start(n, run.backend(), infra.host(), infra.port(Route.WORKERS), run.queue(), 4,
          run.random().nextLong());
      jvms.add(jvm);
      run.track(jvm);
      run.mergeHistoryOf(jvm::events);
    }
    for (WorkerJvm jvm : jvms) {
      jvm.awaitReady(Duration.ofSeconds(60));
    }
    RecordingBroker producers = run.record(ProxiedBrokers.open(run, infra, Route.PRODUCERS));
    RecordingBroker survivors = run.record(ProxiedBrokers.open(run, infra, Route.WORKERS));
    RecordingAdmin observer = run.recordAdmin(ProxiedBrokers.open(run, infra, Route.OBSERVER));
    run.startWorker("survivor", survivors, 8, Duration.ZERO);
    long handlerSeed = run.random().nextLong();
    Producer producer = run.startProducer("producer", producers, Duration.ofMillis(50), 100_000, run.timing().clientAttempts(),
        n -> 200 + new java.util.SplittableRandom(handlerSeed + n).nextLong(301));

    long t0 = System.nanoTime();
    Map<String, Integer> exitCodes = new LinkedHashMap<>();
    Map<String, Set<String>> inHand = new LinkedHashMap<>();
    List<Map.Entry<String, Duration>> order = new ArrayList<>(killAt.entrySet());
    order.sort(Map.Entry.comparingByValue());
    for (Map.Entry<String, Duration> k : order) {
      WorkerJvm jvm = jvms.get(names.indexOf(k.getKey()));
      ChaosRun.sleep(Duration.ofNanos(Math.max(0, t0 + k.getValue().toNanos() - System.nanoTime())));
      ZombieWorkerScenario.awaitTrue(Duration.ofSeconds(10), () -> !jvm.started().isEmpty(), jvm.name() + " to start a task");
      run.faults().instant("SIGKILL " + jvm.name());
      exitCodes.put(jvm.name(), jvm.kill());
      inHand.put(jvm.name(), unfinished(jvm));
    }
    ChaosRun.sleep(Duration.ofSeconds(1));
    producer.stop();
    boolean drained = run.drain(observer);

    History history = run.history();
    Set<String> completedBySurvivor = new HashSet<>();
    for (History.Entry e : history.entries()) {
      if (e.invoke().process().startsWith("survivor") && e.operation() instanceof Operation.Ack a
          && a.kind() == AckKind.COMPLETE && e.result() == AckStatus.OK) {
        completedBySurvivor.add(a.token().taskId());
      }
    }
    for (WorkerJvm jvm : jvms) {
      int code = exitCodes.get(jvm.name());
      Set<String> held = inHand.get(jvm.name());
      run.evidence(jvm.name() + " was killed by SIGKILL while running tasks", code == 137 && !held.isEmpty(),
          "exit code " + code + "; " + held.size() + " task(s) in hand: " + held.stream().limit(4).toList());
      Set<String> notRescued = new TreeSet<>(held);
      notRescued.removeAll(completedBySurvivor);
      run.check("the survivor completed every task " + jvm.name() + " held", notRescued.isEmpty(),
          notRescued.isEmpty() ? held.size() + " task(s) recovered and completed" : "not completed by the survivor: " + notRescued);
    }
    HistoryFacts facts = new HistoryFacts(history);
    run.check("abandoned leases were recovered", facts.recoveredLeases() > 0, facts.recoveredLeases() + " lease(s) recovered");
    run.check("every acknowledged task finished (queue drained)", drained, producer.acknowledged().size() + " acknowledged");
    run.note(history.entries().stream().filter(e -> !e.invoke().process().startsWith("survivor")
        && !e.invoke().process().startsWith("producer") && !e.invoke().process().startsWith("main")).count()
        + " of the checked operations came from the worker JVMs' streamed histories");
    return run.finish(observer, ChaosRun.Expectation.NO_ANOMALY);
  }

  /** Tasks a worker JVM started whose completion it never got acknowledged: held at the kill. */
  private static Set<String> unfinished(WorkerJvm jvm) {
    Set<String> held = new TreeSet<>(jvm.started());
    for (HistoryEvent e : jvm.events()) {
      if (e.type() == HistoryEvent.Type.OK && e.operation() instanceof Operation.Ack a && a.kind() == AckKind.COMPLETE
          && e.result() == AckStatus.OK) {
        held.remove(a.token().taskId());
      }
    }
    return held;
  }
}
