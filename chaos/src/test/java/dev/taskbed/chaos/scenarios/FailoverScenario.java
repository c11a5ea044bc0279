package dev.taskbed.chaos.scenarios;

import static dev.taskbed.simulator.scripted.HistoryFacts.invokedBetween;
import static dev.taskbed.simulator.scripted.HistoryFacts.is;

import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import dev.taskbed.chaos.infra.SentinelTopology;
import dev.taskbed.conformance.history.HistoryEvent;
import dev.taskbed.conformance.history.Operation;
import dev.taskbed.conformance.history.RecordingAdmin;
import dev.taskbed.conformance.history.RecordingBroker;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.simulator.report.ScenarioResult;
import dev.taskbed.simulator.scripted.HistoryFacts;
import dev.taskbed.simulator.scripted.RecordedProducer;
import dev.taskbed.simulator.scripted.ScenarioInfo;
import dev.taskbed.simulator.scripted.ScenarioRun;
import dev.taskbed.simulator.scripted.ScenarioTasks;
import dev.taskbed.simulator.scripted.ScriptedScenario;
import dev.taskbed.simulator.verdict.Expectation;
import dev.taskbed.simulator.workload.Producer;
import java.time.Duration;
import java.util.Locale;

/**
 * 10. Failover. A primary, a replica and three Sentinels ({@link SentinelTopology}); producers and
 * workers reach Redis through Sentinel. Under load the primary is isolated from its replica and the
 * Sentinels while clients can still reach it (ARCHITECTURE "Chaos timing"): the Sentinels promote
 * the replica, clients switch when Sentinel tells them, and when the isolation heals the old
 * primary is demoted and resynchronised, discarding whatever it accepted meanwhile.
 *
 * <p>Run in two modes. {@link Mode#DEFAULT}: writes are acknowledged by the primary alone, so the
 * writes the isolated primary acknowledged before clients switched are lost, and the history checker
 * must count them (the row shows how many); if none were lost the run is inconclusive and is
 * repeated with a longer isolation (see {@code ChaosSuite.runUntilConclusive}). {@link Mode#WAIT}:
 * {@code RedisBrokerSettings.replicaAcks(1, …)}: the isolated primary cannot acknowledge anything,
 * and the checker must find no anomaly at all.
 *
 * <p>Tasks are enqueued to be due 1.5 s later, so that what the old primary accepted in its last
 * moments is still waiting (not yet run and completed) when it is thrown away.
 */
public final class FailoverScenario implements ScriptedScenario {
  static final Duration DUE_IN = Duration.ofMillis(1500);

  /** Which durability setting the clients use. */
  public enum Mode {
    DEFAULT("default"), WAIT("WAIT 1");

    final String label;

    Mode(String label) {
      this.label = label;
    }
  }

  private final Mode mode;
  private final int attempt;

  /** @param attempt 1 for the first run; each further attempt isolates the primary longer */
  public FailoverScenario(Mode mode, int attempt) {
    this.mode = mode;
    this.attempt = attempt;
  }

  @Override
  public ScenarioInfo info() {
    return new ScenarioInfo(10, "failover",
        mode == Mode.DEFAULT
            ? "With the default durability, a Sentinel failover after the primary is isolated (clients still reach it) "
                + "loses acknowledged writes; the row reports how many (expected: some, else the run is inconclusive)."
            : "With replicaAcks(1) (every acknowledged write WAITed for by the replica), the same failover loses no "
                + "acknowledged write and shows no anomaly.");
  }

  @Override
  public String variant() {
    return mode.label;
  }

  @Override
  public ScenarioResult run(ScenarioRun run) throws Exception {
    SentinelTopology.Isolation how = SentinelTopology.Isolation.values()[run.random().nextInt(2)];
    Duration isolation = run.between(Duration.ofMillis(4500), Duration.ofMillis(5500)).multipliedBy(1L << (attempt - 1));
    Duration warmUp = run.between(Duration.ofMillis(1000), Duration.ofMillis(2000));
    run.plan("attempt " + attempt + ": " + warmUp.toMillis() + " ms of load, then the primary is isolated from its replica and "
        + "the Sentinels (" + how.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ") for " + isolation.toMillis()
        + " ms while clients still reach it; tasks due " + DUE_IN.toMillis() + " ms after enqueue");

    SentinelTopology topology = run.track(SentinelTopology.start(run.timing()));
    dev.taskbed.chaos.ChaosSuite.report().environment("failover topology", "local redis-server processes (primary, "
        + "replica, 3 Sentinels; down-after " + run.timing().sentinelDownAfter().toMillis() + " ms, quorum 2), Toxiproxy "
        + "(same image, host network) in front of each node on 127.0.0.2 for replica and Sentinels; clients map "
        + "127.0.0.2 to 127.0.0.1");
    RedisBrokerSettings.Builder settings = run.timing().brokerSettings();
    if (mode == Mode.WAIT) {
      settings.replicaAcks(1, run.timing().replicaAckTimeout());
    }
    RecordingBroker producers = run.record(open(run, topology, settings.build()));
    RecordingBroker workers = run.record(open(run, topology, settings.build()));
    RecordingAdmin observer = run.recordAdmin(open(run, topology, settings.build()));
    run.startWorker("w1", workers, 4, Duration.ZERO);
    run.startWorker("w2", workers, 4, Duration.ZERO);
    long handlerSeed = run.random().nextLong();
    RecordedProducer producer = run.startProducerOf("producer", producers, Duration.ofMillis(10), 100_000,
        run.timing().clientAttempts(), n -> Task.builder(ScenarioTasks.WORK)
            .payload("ms=" + (5 + new java.util.SplittableRandom(handlerSeed + n).nextLong(26)))
            .options(TaskOptions.builder().queue(run.queue()).taskId(ScenarioTasks.id(run.queue(), n)).processIn(DUE_IN).build())
            .build());
    ScenarioRun.sleep(warmUp);

    String before = topology.masterAccordingToSentinels();
    long isolatedAt = System.nanoTime();
    ScenarioRun.Injected isolated = run.begin("primary isolated from replica and Sentinels", topology.isolation(how));
    long failedOverAt = -1;
    String after = before;
    try {
      long until = isolatedAt + isolation.toNanos();
      while (System.nanoTime() < until) {
        if (failedOverAt < 0) {
          after = topology.masterAccordingToSentinels();
          if (!after.equals(before)) {
            failedOverAt = System.nanoTime();
          }
        }
        Thread.sleep(25);
      }
    } finally {
      isolated.heal();
    }
    long healedAt = System.nanoTime();
    long demotedAt = -1;
    long deadline = healedAt + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (topology.primaryDemotedAndInSync()) {
        demotedAt = System.nanoTime();
        break;
      }
      Thread.sleep(50);
    }
    ScenarioRun.sleep(Duration.ofSeconds(1));
    producer.stop();
    boolean drained = run.drain(observer, run.timing().drainTimeout());

    HistoryFacts facts = new HistoryFacts(run.history());
    long sentinelSwitch = failedOverAt < 0 ? -1 : (failedOverAt - isolatedAt) / 1_000_000;
    run.evidence("Sentinels promoted the replica while the old primary was isolated", failedOverAt > 0,
        before + " → " + after + (failedOverAt > 0 ? " " + sentinelSwitch + " ms after the isolation" : " (no failover)"));
    run.evidence("the old primary was demoted and resynchronised after the heal", demotedAt > 0,
        demotedAt > 0 ? "replica of the new primary " + (demotedAt - healedAt) / 1_000_000 + " ms after the heal"
            : "role " + topology.primaryRole());
    long duringIsolation = facts.count(is(Operation.Enqueue.class).and(invokedBetween(isolatedAt, healedAt)));
    long okDuringSplit = facts.count(is(Operation.Enqueue.class).and(invokedBetween(isolatedAt, failedOverAt < 0 ? healedAt
        : failedOverAt)).and(dev.taskbed.conformance.history.History.Entry::isOk));
    long unconfirmed = facts.count(is(Operation.Enqueue.class).and(invokedBetween(isolatedAt, healedAt))
        .and(e -> e.status() == HistoryEvent.Type.UNKNOWN));
    if (mode == Mode.DEFAULT) {
      run.evidence("the isolated primary kept acknowledging enqueues until clients switched", okDuringSplit > 0,
          okDuringSplit + " enqueue(s) acknowledged between isolation and promotion");
    } else {
      run.evidence("writes the isolated primary took were not confirmed (unknown, never acknowledged)", unconfirmed > 0,
          unconfirmed + " of " + duringIsolation + " enqueue call(s) during the isolation ended unknown; " + okDuringSplit
              + " acknowledged between isolation and promotion");
    }
    run.check("every acknowledged task that survived finished (queue drained)", drained,
        producer.acknowledged().size() + " acknowledged, " + producer.count(Producer.Answer.UNKNOWN) + " unknown, "
            + producer.count(Producer.Answer.FAILED) + " failed");
    run.note("Sentinel promoted the replica " + sentinelSwitch + " ms after the isolation began");
    return run.finish(observer, mode == Mode.DEFAULT ? Expectation.LOSS_SHOWN : Expectation.NO_ANOMALY);
  }

  private static RedisBroker open(ScenarioRun run, SentinelTopology t, RedisBrokerSettings settings) {
    return run.open(RedisBrokerConfig.sentinel(SentinelTopology.MASTER, t.sentinelAddresses())
        .addressMapper(SentinelTopology.clientAddressMapper()), settings);
  }
}
