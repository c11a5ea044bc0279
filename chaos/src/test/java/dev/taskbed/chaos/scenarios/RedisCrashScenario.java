package dev.taskbed.chaos.scenarios;

import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.chaos.infra.ProxiedRedis;
import dev.taskbed.chaos.infra.ProxiedRedis.Persistence;
import dev.taskbed.chaos.infra.ProxiedRedis.Route;
import dev.taskbed.chaos.infra.RedisStructureAudit;
import dev.taskbed.conformance.history.RecordingAdmin;
import dev.taskbed.conformance.history.RecordingBroker;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.simulator.report.ScenarioResult;
import dev.taskbed.simulator.scripted.HistoryFacts;
import dev.taskbed.simulator.scripted.RecordedProducer;
import dev.taskbed.simulator.scripted.ScenarioInfo;
import dev.taskbed.simulator.scripted.ScenarioRun;
import dev.taskbed.simulator.scripted.ScriptedScenario;
import dev.taskbed.simulator.verdict.Expectation;
import dev.taskbed.simulator.workload.Producer;
import dev.taskbed.spi.AckKind;
import dev.taskbed.spi.AckStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * 5. Redis crash, and 6. its negative control. Under load, the Redis container is killed with
 * SIGKILL ({@code docker kill}) and started again on its own data; clients keep their Toxiproxy
 * ports, which redial Redis by name.
 *
 * <p>With AOF and {@code appendfsync always} (5) every acknowledged enqueue survives, no completed
 * task comes back, the structures are consistent, and workers reconnect and drain the queue. With
 * persistence off (6) Redis comes back empty, so the backlog of acknowledged tasks is gone: the
 * history checker must report that loss, and the test asserts that it does. Workers are made slower
 * than the producer in the control so that a backlog exists when Redis dies.
 */
public final class RedisCrashScenario implements ScriptedScenario {
  private final ScenarioInfo info;
  private final Persistence persistence;

  private RedisCrashScenario(ScenarioInfo info, Persistence persistence) {
    this.info = info;
    this.persistence = persistence;
  }

  /** 5: AOF, {@code appendfsync always}. */
  public static RedisCrashScenario durable() {
    return new RedisCrashScenario(new ScenarioInfo(5, "Redis crash (AOF always)",
        "Redis killed with SIGKILL under load and restarted on its data (AOF, appendfsync always): 0 acknowledged "
            + "enqueues lost, 0 completed tasks resurrected, workers reconnect and drain the queue."),
        Persistence.DURABLE);
  }

  /** 6: persistence off, the checker must catch the loss. */
  public static RedisCrashScenario withoutPersistence() {
    return new RedisCrashScenario(new ScenarioInfo(6, "negative control: crash without persistence",
        "The same crash with persistence off wipes acknowledged tasks: the history checker must report the loss "
            + "(the test asserts that it does)."),
        Persistence.VOLATILE);
  }

  @Override
  public ScenarioInfo info() {
    return info;
  }

  /** Ids in the queue's task hash: records and the tombstones completed tasks leave. */
  @SuppressWarnings("unchecked")
  private static Set<String> knownTasks(ProxiedRedis infra, String queue) {
    try (RespClient raw = infra.observer()) {
      Set<String> ids = new HashSet<>();
      for (Object o : (List<Object>) raw.call("HKEYS", "taskbed:{" + queue + "}:tasks")) {
        ids.add((String) o);
      }
      return ids;
    }
  }

  @Override
  public ScenarioResult run(ScenarioRun run) throws Exception {
    boolean durable = persistence == Persistence.DURABLE;
    ProxiedRedis infra = ProxiedBrokers.prepare(persistence);
    Duration killAfter = run.between(Duration.ofMillis(1500), Duration.ofMillis(2500));
    Duration down = run.between(Duration.ofMillis(500), Duration.ofMillis(1500));
    run.plan("SIGKILL " + persistence.alias() + " (" + persistence.options() + ") " + killAfter.toMillis()
        + " ms into the load, start it again " + down.toMillis() + " ms later");

    RecordingBroker producers = run.record(ProxiedBrokers.open(run, infra, Route.PRODUCERS));
    RecordingBroker workers = run.record(ProxiedBrokers.open(run, infra, Route.WORKERS));
    RecordingAdmin observer = run.recordAdmin(ProxiedBrokers.open(run, infra, Route.OBSERVER));
    RecordedProducer producer;
    if (durable) {
      run.startWorker("w1", workers, 4, Duration.ZERO);
      run.startWorker("w2", workers, 4, Duration.ZERO);
      producer = run.startProducer("producer", producers, Duration.ofMillis(5), 100_000);
    } else {
      run.startWorker("w1", workers, 2, Duration.ZERO);
      producer = run.startProducer("producer", producers, Duration.ofMillis(3), 100_000, run.timing().clientAttempts(),
          n -> 40);
    }
    ScenarioRun.sleep(killAfter);

    List<TaskInfo> pendingBefore = observer.list(run.queue(), TaskState.PENDING, 0, 10_000).items();
    Set<String> knownBefore = knownTasks(infra, run.queue());
    String runIdBefore = infra.runId();
    ProxiedRedis.RedisCrash crash = infra.crash();
    run.inject("Redis SIGKILL and restart", crash, down);
    long exitCode = crash.exitCode();
    long restartedAt = System.nanoTime();
    String runIdAfter = infra.runId();
    Set<String> knownAfter = knownTasks(infra, run.queue());
    long survivors = knownBefore.stream().filter(knownAfter::contains).count();
    long pendingSurvivors = pendingBefore.stream().map(TaskInfo::id).filter(knownAfter::contains).count();
    ScenarioRun.sleep(Duration.ofSeconds(2));
    producer.stop();
    boolean drained = run.drain(observer);

    run.evidence("the Redis process was killed by SIGKILL", exitCode == 137, "container exit code " + exitCode);
    run.evidence("a new Redis process came up", runIdBefore != null && !runIdBefore.equals(runIdAfter),
        "run_id " + runIdBefore + " → " + runIdAfter);
    HistoryFacts facts = new HistoryFacts(run.history());
    long completedAfter = facts.count(HistoryFacts.ack(AckKind.COMPLETE).and(HistoryFacts.answered(AckStatus.OK))
        .and(HistoryFacts.invokedBetween(restartedAt, Long.MAX_VALUE)));
    if (durable) {
      run.check("the AOF brought back every task Redis knew at the kill (records and tombstones)",
          !knownBefore.isEmpty() && survivors == knownBefore.size(),
          survivors + " of " + knownBefore.size() + " known after the restart (" + pendingSurvivors + " of "
              + pendingBefore.size() + " pending ones)");
      run.check("workers reconnected and completed tasks after the restart", completedAfter > 0,
          completedAfter + " completion(s) after the restart");
      run.check("workers drained the queue", drained, producer.acknowledged().size() + " acknowledged, "
          + producer.count(Producer.Answer.UNKNOWN) + " unknown, " + producer.count(Producer.Answer.FAILED) + " failed");
      run.stopWorkers();
      List<String> audit;
      try (RespClient raw = infra.observer()) {
        audit = RedisStructureAudit.audit(raw, observer, run.queue());
      }
      run.check("no partial state after the crash", audit.size() == 1, String.join("; ", audit.subList(0, Math.min(6, audit.size()))));
    } else {
      run.evidence("acknowledged tasks were pending when Redis died, and are gone after the restart",
          !pendingBefore.isEmpty() && pendingSurvivors < pendingBefore.size(),
          pendingBefore.size() + " pending at the kill, " + pendingSurvivors + " of them known after the restart; "
              + survivors + " of " + knownBefore.size() + " tasks and tombstones survived");
      run.check("workers reconnected and drained what was enqueued after the restart", drained && completedAfter > 0,
          completedAfter + " completion(s) after the restart");
    }
    return run.finish(observer, durable ? Expectation.NO_ANOMALY : Expectation.LOSS_REPORTED);
  }
}
