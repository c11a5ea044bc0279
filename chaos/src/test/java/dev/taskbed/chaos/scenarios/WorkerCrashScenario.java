package dev.taskbed.chaos.scenarios;

import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.chaos.infra.ProxiedRedis;
import dev.taskbed.chaos.infra.ProxiedRedis.Route;
import dev.taskbed.chaos.process.WorkerJvm;
import dev.taskbed.conformance.history.History;
import dev.taskbed.conformance.history.HistoryEvent;
import dev.taskbed.conformance.history.Operation;
import dev.taskbed.conformance.history.RecordingAdmin;
import dev.taskbed.conformance.history.RecordingBroker;
import dev.taskbed.simulator.report.ScenarioResult;
import dev.taskbed.simulator.scripted.HistoryFacts;
import dev.taskbed.simulator.scripted.RecordedProducer;
import dev.taskbed.simulator.scripted.ScenarioInfo;
import dev.taskbed.simulator.scripted.ScenarioRun;
import dev.taskbed.simulator.scripted.ScenarioTasks;
import dev.taskbed.simulator.scripted.ScriptedScenario;
import dev.taskbed.simulator.verdict.Expectation;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
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
 * recorded history to this JVM) process tasks that take 200–500 ms; a survivor worker in the test
 * JVM joins at the first kill. Each worker JVM is killed with SIGKILL at a seeded moment, once it
 * runs a task it started under 100 ms before (so that task cannot finish first): nothing is acked,
 * nothing is requeued, the leases are simply left behind. The survivor recovers them once they
 * expire and completes every task; the merged history of all three processes is checked.
 */
public final class WorkerCrashScenario implements ScriptedScenario {
  static final ScenarioInfo INFO = new ScenarioInfo(7, "worker process crash",
      "Worker JVMs killed with SIGKILL mid-task lose nothing: the survivors recover the abandoned leases and complete "
          + "every task.");

  @Override
  public ScenarioInfo info() {
    return INFO;
  }

  @Override
  public ScenarioResult run(ScenarioRun run) throws Exception {
    ProxiedRedis infra = ProxiedBrokers.prepare(ProxiedRedis.Persistence.DURABLE);
    List<String> names = List.of("jvm1", "jvm2");
    Map<String, Duration> killAt = new LinkedHashMap<>();
    for (String n : names) {
      killAt.put(n, run.between(Duration.ofMillis(800), Duration.ofMillis(2500)));
    }
    run.plan("worker JVMs " + names + " (4 slots each); tasks take 200–500 ms; SIGKILL "
        + killAt.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().toMillis() + " ms").toList() + " after the producer starts, each once it runs a task started under 100 ms ago; a survivor in the test JVM (8 slots) joins at the first kill");

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
    long handlerSeed = run.random().nextLong();
    // Completed tasks are kept (retention) so the final state says which claim completed each.
    RecordedProducer producer = run.startProducerOf("producer", producers, Duration.ofMillis(50), 100_000, run.timing().clientAttempts(),
        n -> ScenarioTasks.task(ScenarioTasks.WORK, run.queue(), ScenarioTasks.id(run.queue(), n),
            200 + new java.util.SplittableRandom(handlerSeed + n).nextLong(301), Duration.ofMinutes(10)));

    long t0 = System.nanoTime();
    Map<String, Integer> exitCodes = new LinkedHashMap<>();
    Map<String, Map<String, Long>> inHand = new LinkedHashMap<>();
    List<Map.Entry<String, Duration>> order = new ArrayList<>(killAt.entrySet());
    order.sort(Map.Entry.comparingByValue());
    for (Map.Entry<String, Duration> k : order) {
      WorkerJvm jvm = jvms.get(names.indexOf(k.getKey()));
      ScenarioRun.sleep(Duration.ofNanos(Math.max(0, t0 + k.getValue().toNanos() - System.nanoTime())));
      // Kill it with work in hand: wait (bounded) until it runs a task it has not completed and
      // started so recently that it cannot finish before the signal lands (handlers take >= 200 ms).
      // Any task in hand is not enough: one in its last milliseconds may be acked before the kill.
      ZombieWorkerScenario.awaitTrue(Duration.ofSeconds(10), () -> holdsFreshTask(jvm), jvm.name() + " to hold a task");
      if (exitCodes.isEmpty()) {
        // The survivor joins at the first kill, so that until then the worker JVMs take all the work.
        run.startWorker("survivor", survivors, 8, Duration.ZERO);
      }
      run.faults().instant("SIGKILL " + jvm.name());
      exitCodes.put(jvm.name(), jvm.kill());
      inHand.put(jvm.name(), unfinished(jvm));
    }
    ScenarioRun.sleep(Duration.ofSeconds(1));
    producer.stop();
    boolean drained = run.drain(observer);

    History history = run.history();
    for (WorkerJvm jvm : jvms) {
      int code = exitCodes.get(jvm.name());
      Map<String, Long> held = inHand.get(jvm.name());
      int bySurvivor = 0;
      int byOwnAck = 0;
      Set<String> unfinished = new TreeSet<>();
      for (Map.Entry<String, Long> t : held.entrySet()) {
        TaskInfo info = observer.get(run.queue(), t.getKey()).orElse(null);
        if (info == null || info.state() != TaskState.COMPLETED) {
          unfinished.add(t.getKey() + " " + (info == null ? "gone" : info.state()));
        } else if (info.claimSequence() > t.getValue()) {
          bySurvivor++;
        } else {
          byOwnAck++; // its handler had returned and its ack reached Redis just before the kill
        }
      }
      run.evidence(jvm.name() + " was killed by SIGKILL with tasks in hand that had to be recovered", code == 137 && bySurvivor > 0,
          "exit code " + code + "; " + held.size() + " task(s) in hand: " + held.keySet().stream().limit(4).toList());
      run.check("every task " + jvm.name() + " held was completed", unfinished.isEmpty(),
          bySurvivor + " recovered and completed under a later claim, " + byOwnAck + " completed by " + jvm.name()
              + "'s own ack already in flight at the kill" + (unfinished.isEmpty() ? "" : "; not completed: " + unfinished));
    }
    HistoryFacts facts = new HistoryFacts(history);
    run.check("abandoned leases were recovered", facts.recoveredLeases() > 0, facts.recoveredLeases() + " lease(s) recovered");
    run.check("every acknowledged task finished (queue drained)", drained, producer.acknowledged().size() + " acknowledged");
    run.note(history.entries().stream().filter(e -> !e.invoke().process().startsWith("survivor")
        && !e.invoke().process().startsWith("producer") && !e.invoke().process().startsWith("main")).count()
        + " of the checked operations came from the worker JVMs' streamed histories");
    return run.finish(observer, Expectation.NO_ANOMALY);
  }

  /** Whether {@code jvm} runs a task whose handler started in the last 100 ms. */
  private static boolean holdsFreshTask(WorkerJvm jvm) {
    Set<String> fresh = jvm.startedWithin(Duration.ofMillis(100));
    return unfinished(jvm).keySet().stream().anyMatch(fresh::contains);
  }

  /**
   * Tasks a worker JVM started and had not sent a completion for, as far as its streamed history
   * shows, with the claim sequence it held them under: its work in hand. (An ack sent in the last
   * milliseconds before a kill may not have been streamed; the final state tells those apart.)
   */
  private static Map<String, Long> unfinished(WorkerJvm jvm) {
    Map<String, Long> claimed = new LinkedHashMap<>();
    Set<String> acked = new HashSet<>();
    for (HistoryEvent e : jvm.events()) {
      if (e.type() == HistoryEvent.Type.OK && e.operation() instanceof Operation.Claim) {
        for (Lease l : ((ClaimResult) e.result()).leases()) {
          claimed.put(l.token().taskId(), l.token().claimSequence());
        }
      } else if (e.operation() instanceof Operation.Ack a) {
        acked.add(a.token().taskId());
      }
    }
    Map<String, Long> held = new LinkedHashMap<>();
    for (String id : jvm.started()) {
      if (!acked.contains(id) && claimed.containsKey(id)) {
        held.put(id, claimed.get(id));
      }
    }
    return held;
  }
}
