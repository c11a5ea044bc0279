package dev.taskbed.chaos.scenarios;

import static dev.taskbed.simulator.scripted.HistoryFacts.byProcess;
import static dev.taskbed.simulator.scripted.HistoryFacts.invokedBetween;

import dev.taskbed.Client;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.chaos.infra.ProxiedRedis;
import dev.taskbed.chaos.infra.ProxiedRedis.Route;
import dev.taskbed.conformance.history.History;
import dev.taskbed.conformance.history.HistoryEvent;
import dev.taskbed.conformance.history.Operation;
import dev.taskbed.conformance.history.RecordingAdmin;
import dev.taskbed.conformance.history.RecordingBroker;
import dev.taskbed.simulator.fault.Fault;
import dev.taskbed.simulator.fault.Faults;
import dev.taskbed.simulator.fault.ToxicSpec;
import dev.taskbed.simulator.report.ScenarioResult;
import dev.taskbed.simulator.scripted.ExecutionLog;
import dev.taskbed.simulator.scripted.HistoryFacts;
import dev.taskbed.simulator.scripted.RecordedProducer;
import dev.taskbed.simulator.scripted.ScenarioInfo;
import dev.taskbed.simulator.scripted.ScenarioRun;
import dev.taskbed.simulator.scripted.ScenarioTasks;
import dev.taskbed.simulator.scripted.ScriptedScenario;
import dev.taskbed.simulator.verdict.Expectation;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * 2. Zombie worker. A worker takes two or three long tasks and is then partitioned from Redis
 * (black hole, held data or proxy down, drawn from the seed) for more than twice its lease. Its
 * runtime fences itself: the handlers are cancelled with {@code LEASE_LOST} before the lease can
 * have expired. The leases expire, recovery makes the tasks due again, and a healthy worker
 * completes them. When the partition heals, the zombie sends {@code complete} and {@code retry}
 * for its old tokens, as a worker without self-fencing (or with an ack already in flight) would:
 * both must be refused with {@code LEASE_LOST}, and the tasks' final state must not move.
 *
 * <p>The runtime itself never sends those acks after fencing; the scenario sends them explicitly
 * through the zombie's own (formerly partitioned) broker, so Redis's fencing is tested on its own.
 */
public final class ZombieWorkerScenario implements ScriptedScenario {
  static final ScenarioInfo INFO = new ScenarioInfo(2, "zombie worker",
      "A worker partitioned longer than its lease has its handlers cancelled; its tasks are recovered and completed "
          + "by another worker; after the partition heals its complete and retry are refused with LEASE_LOST and the "
          + "tasks' final state is unchanged.");

  private enum Partition {
    BLACK_HOLE("black hole: timeout toxic (drop everything) both ways"),
    HELD("held: bandwidth 0 both ways, data delivered late at heal"),
    DOWN("proxy disabled: connections closed, new ones refused");

    final String text;

    Partition(String text) {
      this.text = text;
    }
  }

  @Override
  public ScenarioInfo info() {
    return INFO;
  }

  @Override
  public ScenarioResult run(ScenarioRun run) throws Exception {
    ProxiedRedis infra = ProxiedBrokers.prepare(ProxiedRedis.Persistence.DURABLE);
    Partition kind = Partition.values()[run.random().nextInt(Partition.values().length)];
    int holds = 2 + run.random().nextInt(2);
    Duration length = run.timing().lease().multipliedBy(2).plus(run.between(Duration.ofMillis(500), Duration.ofMillis(1500)));
    run.plan("zombie takes " + holds + " long tasks, then is partitioned for " + length.toMillis() + " ms: " + kind.text);

    RecordingBroker zombieBroker = run.record(ProxiedBrokers.open(run, infra, Route.ZOMBIE));
    RecordingBroker healthy = run.record(ProxiedBrokers.open(run, infra, Route.WORKERS));
    RecordingBroker producers = run.record(ProxiedBrokers.open(run, infra, Route.PRODUCERS));
    RecordingAdmin observer = run.recordAdmin(ProxiedBrokers.open(run, infra, Route.OBSERVER));

    run.startWorker("zombie", zombieBroker, holds, Duration.ZERO, true);
    Client client = run.client("holder", producers);
    List<String> holdIds = new ArrayList<>();
    for (int i = 0; i < holds; i++) {
      String id = run.queue() + "-hold-" + i;
      holdIds.add(id);
      client.enqueue(ScenarioTasks.task(ScenarioTasks.HOLD, run.queue(), id, 0, Duration.ofMinutes(10)));
    }
    awaitTrue(Duration.ofSeconds(15), () -> run.executions().startedBy("zombie").containsAll(holdIds),
        "the zombie to start its long tasks");

    long partitionedAt = System.nanoTime();
    ScenarioRun.Injected partition = run.begin("zombie partitioned (" + kind.name().toLowerCase(java.util.Locale.ROOT) + ")",
        partition(infra.proxy(Route.ZOMBIE), kind));
    run.startWorker("w1", healthy, 4, Duration.ZERO);
    RecordedProducer producer = run.startProducer("producer", producers, Duration.ofMillis(15), 100_000);
    Map<String, TaskInfo> completedByOthers;
    try {
      awaitTrue(Duration.ofSeconds(20), () -> completed(observer, run.queue(), holdIds).size() == holds,
          "another worker to complete the zombie's tasks");
      ScenarioRun.sleep(Duration.ofNanos(Math.max(0, partitionedAt + length.toNanos() - System.nanoTime())));
      completedByOthers = completed(observer, run.queue(), holdIds);
    } finally {
      partition.heal();
    }
    long healedAt = System.nanoTime();

    // The zombie's tokens, from its own recorded claims.
    Map<String, LeaseToken> tokens = zombieTokens(run.history(), holdIds);
    Map<String, List<String>> answers = new LinkedHashMap<>();
    for (Map.Entry<String, LeaseToken> t : tokens.entrySet()) {
      answers.put(t.getKey() + " complete", List.of(lateAck(() -> zombieBroker.complete(t.getValue()))));
      answers.put(t.getKey() + " retry", List.of(lateAck(() -> zombieBroker.retry(t.getValue(), 100, "zombie", true))));
    }
    Map<String, TaskInfo> after = completed(observer, run.queue(), holdIds);

    ScenarioRun.sleep(Duration.ofSeconds(1));
    producer.stop();
    boolean drained = run.drain(observer);

    HistoryFacts facts = new HistoryFacts(run.history());
    long zombieFailures = facts.count(byProcess("zombie").and(invokedBetween(partitionedAt, healedAt))
        .and(e -> e.status() != HistoryEvent.Type.OK));
    run.evidence("the zombie's calls failed during the partition", zombieFailures > 0, zombieFailures + " call(s) failed or unknown");
    List<ExecutionLog.Execution> zombieRuns = run.executions().all().stream()
        .filter(e -> e.worker().equals("zombie") && holdIds.contains(e.taskId())).toList();
    long cancelled = zombieRuns.stream().filter(e -> e.outcome().equals("cancelled:LEASE_LOST")).count();
    run.evidence("the zombie's handlers were cancelled with LEASE_LOST", cancelled == holds,
        cancelled + " of " + holds + " (" + zombieRuns.stream().map(ExecutionLog.Execution::outcome).toList() + ")");
    long refused = answers.values().stream().flatMap(List::stream).filter("LEASE_LOST"::equals).count();
    run.evidence("the zombie's late complete and retry were refused with LEASE_LOST", tokens.size() == holds
        && refused == 2L * holds, answers.toString());
    run.check("another worker completed every zombie task under a newer claim", completedByOthers.size() == holds
        && completedByOthers.values().stream().allMatch(t -> t.claimSequence() > tokens.getOrDefault(t.id(),
            new LeaseToken(t.queue(), t.id(), Long.MAX_VALUE, 0)).claimSequence()), describe(completedByOthers));
    run.check("the zombie's late acks left the final state unchanged", describe(after).equals(describe(completedByOthers)),
        describe(after));
    run.check("every acknowledged task finished (queue drained)", drained, producer.acknowledged().size() + " acknowledged");
    run.check("no two runs of one task overlapped", run.executions().overlapping().isEmpty(),
        run.executions().overlapping().toString());
    return run.finish(observer, Expectation.NO_ANOMALY);
  }

  private static Fault partition(Proxy proxy, Partition kind) {
    return switch (kind) {
      case BLACK_HOLE -> Faults.blackHole(proxy, "partition");
      case HELD -> Faults.toxics(proxy, "partition", List.of(ToxicSpec.bandwidth(ToxicDirection.UPSTREAM, 0),
          ToxicSpec.bandwidth(ToxicDirection.DOWNSTREAM, 0)));
      case DOWN -> Faults.proxyDown(proxy);
    };
  }

  /** The lease each hold task was first delivered under to the zombie. */
  static Map<String, LeaseToken> zombieTokens(History history, List<String> ids) {
    Map<String, LeaseToken> out = new LinkedHashMap<>();
    for (History.Entry e : history.entries()) {
      if (e.operation() instanceof Operation.Claim && e.isOk() && e.invoke().process().startsWith("zombie")) {
        for (Lease l : ((ClaimResult) e.result()).leases()) {
          if (ids.contains(l.token().taskId())) {
            out.putIfAbsent(l.token().taskId(), l.token());
          }
        }
      }
    }
    return out;
  }

  /** An ack sent right after the heal: the zombie's connections may need a moment, so errors are retried for 10 s. */
  private static String lateAck(Supplier<AckStatus> ack) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try {
        return ack.get().name();
      } catch (RuntimeException e) {
        last = e;
        Thread.sleep(100);
      }
    }
    return "no answer: " + last;
  }

  /** The hold tasks that are COMPLETED, by id. */
  private static Map<String, TaskInfo> completed(RecordingAdmin admin, String queue, List<String> ids) {
    Map<String, TaskInfo> out = new LinkedHashMap<>();
    for (String id : ids) {
      admin.get(queue, id).filter(t -> t.state() == TaskState.COMPLETED).ifPresent(t -> out.put(id, t));
    }
    return out;
  }

  private static String describe(Map<String, TaskInfo> tasks) {
    List<String> parts = new ArrayList<>();
    tasks.forEach((id, t) -> parts.add(id + " " + t.state() + " claim #" + t.claimSequence() + " completed at "
        + t.completedAt()));
    return parts.toString();
  }

  static void awaitTrue(Duration timeout, java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(25);
    }
  }
}
