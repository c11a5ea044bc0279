package dev.taskbed.chaos.scenarios;

import static dev.taskbed.simulator.scripted.HistoryFacts.byProcess;
import static dev.taskbed.simulator.scripted.HistoryFacts.is;
import static dev.taskbed.simulator.scripted.HistoryFacts.unknown;

import dev.taskbed.Client;
import dev.taskbed.Task;
import dev.taskbed.chaos.infra.ProxiedRedis;
import dev.taskbed.chaos.infra.ProxiedRedis.Route;
import dev.taskbed.conformance.history.Operation;
import dev.taskbed.conformance.history.RecordingAdmin;
import dev.taskbed.conformance.history.RecordingBroker;
import dev.taskbed.conformance.history.TaskKey;
import dev.taskbed.simulator.fault.Faults;
import dev.taskbed.simulator.fault.ToxicSpec;
import dev.taskbed.simulator.report.ScenarioResult;
import dev.taskbed.simulator.scripted.ClaimRouteBroker;
import dev.taskbed.simulator.scripted.HistoryFacts;
import dev.taskbed.simulator.scripted.RecordedProducer;
import dev.taskbed.simulator.scripted.ScenarioInfo;
import dev.taskbed.simulator.scripted.ScenarioRun;
import dev.taskbed.simulator.scripted.ScenarioTasks;
import dev.taskbed.simulator.scripted.ScriptedScenario;
import dev.taskbed.simulator.verdict.Expectation;
import dev.taskbed.simulator.workload.Producer;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * 1. Lost replies during claim. Two workers send their claims through a proxy of their own; twice
 * during the run, for longer than a lease, that proxy drops or tears every reply travelling back
 * to them ({@code timeout}, {@code reset_peer} or {@code limit_data} on the downstream only), so
 * Redis runs the claims and leases tasks to workers that never hear of it. The workers' replayed
 * requests cannot get through either, the leases expire, lease recovery (on the workers' other,
 * healthy connections) makes the tasks due again, and they are claimed and completed later.
 *
 * <p>Just before each cut a burst of slower tasks, more than the workers' slots, leaves work
 * waiting. Without it the workers, idle between the producer's tasks, may send their claims into
 * the cut on an empty queue: only the claims sent on connections open when the cut begins reach
 * Redis at all (a connection opened during a cut stops at its handshake, whose reply is cut too),
 * and if they all come back empty nothing is stranded and the fault is never observed.
 */
public final class LostClaimRepliesScenario implements ScriptedScenario {
  /** Tasks enqueued just before each cut: three times the two workers' eight slots. */
  private static final int BURST = 24;
  /** How long a burst task's handler works: long enough that the rest of the burst waits into the cut. */
  private static final long BURST_HANDLER_MILLIS = 150;
  static final ScenarioInfo INFO = new ScenarioInfo(1, "lost replies during claim",
      "Claims whose replies are lost after Redis ran them strand their tasks only until the lease expires: "
          + "those tasks are recovered and completed, nothing acknowledged is lost, no attempt is handed out twice.");

  @Override
  public ScenarioInfo info() {
    return INFO;
  }

  @Override
  public ScenarioResult run(ScenarioRun run) throws Exception {
    ProxiedRedis infra = ProxiedBrokers.prepare(ProxiedRedis.Persistence.DURABLE);

    record Cut(Duration after, Duration length, ToxicSpec toxic) {}
    List<Cut> cuts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ToxicSpec toxic = switch (run.random().nextInt(3)) {
        case 0 -> ToxicSpec.timeout(ToxicDirection.DOWNSTREAM, 0);
        case 1 -> ToxicSpec.resetPeer(ToxicDirection.DOWNSTREAM, 0);
        default -> ToxicSpec.limitData(ToxicDirection.DOWNSTREAM, 1 + run.random().nextLong(64));
      };
      // Longer than a lease (so leases of lost claims expire) and than the broker's whole retry
      // budget (so some claim calls end unknown instead of being rescued by a later attempt).
      Cut c = new Cut(run.between(Duration.ofMillis(800), Duration.ofMillis(1500)),
          run.timing().lease().plus(run.between(Duration.ofMillis(1500), Duration.ofMillis(2500))), toxic);
      cuts.add(c);
      run.plan("after " + c.after().toMillis() + " ms: a burst of " + BURST + " tasks of " + BURST_HANDLER_MILLIS
          + " ms, then claim replies cut for " + c.length().toMillis() + " ms with " + c.toxic() + " on the claims proxy");
    }

    RecordingBroker producers = run.record(ProxiedBrokers.open(run, infra, Route.PRODUCERS));
    RecordingBroker workers = run.record(new ClaimRouteBroker(ProxiedBrokers.open(run, infra, Route.CLAIMS),
        ProxiedBrokers.open(run, infra, Route.WORKERS)));
    RecordingAdmin observer = run.recordAdmin(ProxiedBrokers.open(run, infra, Route.OBSERVER));

    run.startWorker("w1", workers, 4, Duration.ZERO);
    run.startWorker("w2", workers, 4, Duration.ZERO);
    RecordedProducer producer = run.startProducer("producer", producers, Duration.ofMillis(8), 100_000);
    Client burster = run.client("burst", producers);
    for (int i = 0; i < cuts.size(); i++) {
      Cut c = cuts.get(i);
      ScenarioRun.sleep(c.after());
      List<Task> burst = new ArrayList<>();
      for (int j = 0; j < BURST; j++) {
        burst.add(ScenarioTasks.task(ScenarioTasks.WORK, run.queue(), run.queue() + "-burst-" + i + "-" + j,
            BURST_HANDLER_MILLIS, Duration.ZERO));
      }
      burster.enqueueAll(burst);
      run.inject("claim replies cut (" + c.toxic() + ")",
          Faults.toxics(infra.proxy(Route.CLAIMS), "claim-replies", List.of(c.toxic())), c.length());
    }
    ScenarioRun.sleep(Duration.ofSeconds(1));
    producer.stop();
    boolean drained = run.drain(observer);

    HistoryFacts facts = new HistoryFacts(run.history());
    long unknownClaims = facts.count(is(Operation.Claim.class).and(unknown()).and(byProcess("w")));
    long slowClaims = facts.latenciesMillis(is(Operation.Claim.class).and(byProcess("w"))).stream()
        .filter(ms -> ms >= run.timing().clientTimeout().toMillis()).count();
    List<TaskKey> stranded = facts.claimedByUnseenClaims();
    run.evidence("claims whose replies were lost", unknownClaims + slowClaims > 0, unknownClaims
        + " claim call(s) ended unknown, " + slowClaims + " succeeded only after retrying past the read timeout");
    run.evidence("tasks leased by a claim no worker saw, later delivered again", !stranded.isEmpty(),
        stranded.size() + " task(s), e.g. " + stranded.stream().limit(3).toList());
    run.check("expired leases were recovered", facts.recoveredLeases() >= stranded.size(),
        facts.recoveredLeases() + " lease(s) recovered");
    run.check("every acknowledged task finished (queue drained)", drained,
        producer.acknowledged().size() + " acknowledged, " + producer.count(Producer.Answer.UNKNOWN) + " unknown");
    run.check("no two runs of one task overlapped", run.executions().overlapping().isEmpty(),
        run.executions().overlapping().toString());
    run.note(producer.acknowledged().size() + " tasks acknowledged; " + facts.tasksCompleted() + " completed");
    return run.finish(observer, Expectation.NO_ANOMALY);
  }
}
