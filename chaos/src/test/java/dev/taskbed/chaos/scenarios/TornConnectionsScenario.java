package dev.taskbed.chaos.scenarios;

import static dev.taskbed.simulator.scripted.HistoryFacts.invokedBetween;

import dev.taskbed.chaos.infra.ProxiedRedis;
import dev.taskbed.chaos.infra.ProxiedRedis.Route;
import dev.taskbed.chaos.infra.RedisStructureAudit;
import dev.taskbed.conformance.history.History;
import dev.taskbed.conformance.history.HistoryEvent;
import dev.taskbed.conformance.history.RecordingAdmin;
import dev.taskbed.conformance.history.RecordingBroker;
import dev.taskbed.redis.testing.RespClient;
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
import dev.taskbed.simulator.workload.Producer;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * 4. Torn connections. While producers and workers run, the seed picks four windows, each tearing
 * one route's connections (producers', workers' or both) with {@code reset_peer} (TCP RST),
 * {@code slicer} (frames cut into a few bytes at a time) or {@code limit_data} (connection closed
 * after a few dozen bytes, mid-command or mid-reply), upstream or downstream; each kind at least
 * once. Every script runs entirely or not at all, so whatever the clients saw, the queue's
 * structures stay consistent, nothing acknowledged is lost and no anomaly appears.
 */
public final class TornConnectionsScenario implements ScriptedScenario {
  static final ScenarioInfo INFO = new ScenarioInfo(4, "torn connections",
      "Connections reset, sliced or cut mid-frame during scripts leave no partial state: the queue's structures stay "
          + "consistent, nothing acknowledged is lost, and the history shows no anomaly.");

  @Override
  public ScenarioInfo info() {
    return INFO;
  }

  private record Window(Duration after, Duration length, ToxicSpec toxic, List<Route> routes) {}

  @Override
  public ScenarioResult run(ScenarioRun run) throws Exception {
    ProxiedRedis infra = ProxiedBrokers.prepare(ProxiedRedis.Persistence.DURABLE);

    List<ToxicSpec.Type> kinds = new ArrayList<>(List.of(ToxicSpec.Type.RESET_PEER, ToxicSpec.Type.SLICER,
        ToxicSpec.Type.LIMIT_DATA));
    for (int i = kinds.size() - 1; i > 0; i--) {
      int j = run.random().nextInt(i + 1);
      kinds.set(i, kinds.set(j, kinds.get(i)));
    }
    kinds.add(kinds.get(run.random().nextInt(3)));
    List<Window> windows = new ArrayList<>();
    for (ToxicSpec.Type kind : kinds) {
      ToxicDirection dir = run.random().nextBoolean() ? ToxicDirection.UPSTREAM : ToxicDirection.DOWNSTREAM;
      ToxicSpec toxic = switch (kind) {
        case RESET_PEER -> ToxicSpec.resetPeer(dir, run.random().nextLong(200));
        case SLICER -> ToxicSpec.slicer(dir, 2 + run.random().nextLong(14), run.random().nextLong(500));
        // Small enough to tear the first command or one of the first few replies of every
        // connection: the budget is per connection, and a pool of connections carrying 14-byte
        // enqueue replies would otherwise outlast a short window untouched.
        default -> ToxicSpec.limitData(dir, 1 + run.random().nextLong(64));
      };
      List<Route> routes = switch (run.random().nextInt(3)) {
        case 0 -> List.of(Route.PRODUCERS);
        case 1 -> List.of(Route.WORKERS);
        default -> List.of(Route.PRODUCERS, Route.WORKERS);
      };
      Window w = new Window(run.between(Duration.ofMillis(500), Duration.ofMillis(1000)),
          run.between(Duration.ofMillis(1000), Duration.ofMillis(2000)), toxic, routes);
      windows.add(w);
      run.plan("after " + w.after().toMillis() + " ms: " + toxic + " on " + routes + " for " + w.length().toMillis() + " ms");
    }

    RecordingBroker producers = run.record(ProxiedBrokers.open(run, infra, Route.PRODUCERS));
    RecordingBroker workers = run.record(ProxiedBrokers.open(run, infra, Route.WORKERS));
    RecordingAdmin observer = run.recordAdmin(ProxiedBrokers.open(run, infra, Route.OBSERVER));
    run.startWorker("w1", workers, 4, Duration.ZERO);
    run.startWorker("w2", workers, 4, Duration.ZERO);
    RecordedProducer producer = run.startProducer("producer", producers, Duration.ofMillis(8), 100_000);

    record Fired(Window window, long from, long to) {}
    List<Fired> fired = new ArrayList<>();
    for (Window w : windows) {
      ScenarioRun.sleep(w.after());
      List<Fault> torn = w.routes().stream()
          .map(r -> Faults.toxics(infra.proxy(r), "torn-" + r.proxyName(), List.of(w.toxic()))).toList();
      long from = System.nanoTime();
      run.inject(w.toxic() + " on " + w.routes(), Faults.allOf(torn), w.length());
      fired.add(new Fired(w, from, System.nanoTime()));
    }
    ScenarioRun.sleep(Duration.ofSeconds(1));
    producer.stop();
    boolean drained = run.drain(observer);
    run.stopWorkers();

    HistoryFacts facts = new HistoryFacts(run.history());
    // Per kind: calls that ended failed or unknown; calls that succeeded only after the broker
    // retried past a torn connection (it took longer than the read timeout: a healthy call takes
    // milliseconds, and Redisson notices some closed connections only when the timeout fires);
    // calls that went through without trouble.
    long retriedNanos = run.timing().clientTimeout().toNanos();
    Map<ToxicSpec.Type, long[]> byKind = new EnumMap<>(ToxicSpec.Type.class);
    for (Fired f : fired) {
      Predicate<History.Entry> inWindow = invokedBetween(f.from(), f.to()).and(e -> onRoutes(e, f.window().routes()));
      long[] c = byKind.computeIfAbsent(f.window().toxic().type(), k -> new long[3]);
      c[0] += facts.count(inWindow.and(e -> e.status() != HistoryEvent.Type.OK));
      c[1] += facts.count(inWindow.and(History.Entry::isOk)
          .and(e -> e.completion().wallNanos() - e.invoke().wallNanos() >= retriedNanos));
      c[2] += facts.count(inWindow.and(History.Entry::isOk)
          .and(e -> e.completion().wallNanos() - e.invoke().wallNanos() < retriedNanos));
    }
    for (Map.Entry<ToxicSpec.Type, long[]> e : byKind.entrySet()) {
      String name = e.getKey().name().toLowerCase(java.util.Locale.ROOT);
      long[] c = e.getValue();
      String detail = c[0] + " call(s) failed or unknown, " + c[1] + " succeeded only after a retry, " + c[2] + " went through";
      if (e.getKey() == ToxicSpec.Type.SLICER) {
        run.evidence(name + ": calls went through sliced frames", c[1] + c[2] > 0, detail);
      } else {
        run.evidence(name + ": calls were torn (failed, unknown, or retried past the read timeout)", c[0] + c[1] > 0, detail);
      }
    }
    List<String> audit;
    try (RespClient raw = infra.observer()) {
      audit = RedisStructureAudit.audit(raw, observer, run.queue());
    }
    run.check("no partial state: every record in exactly the container of its state", audit.size() == 1,
        String.join("; ", audit.subList(0, Math.min(audit.size(), 6))));
    run.check("every acknowledged task finished (queue drained)", drained, producer.acknowledged().size() + " acknowledged, "
        + producer.count(Producer.Answer.UNKNOWN) + " unknown, " + producer.count(Producer.Answer.FAILED) + " failed");
    run.check("no two runs of one task overlapped", run.executions().overlapping().isEmpty(),
        run.executions().overlapping().toString());
    return run.finish(observer, Expectation.NO_ANOMALY);
  }

  /** Whether a call travelled on one of {@code routes}: producers' threads vs workers' threads. */
  private static boolean onRoutes(History.Entry e, List<Route> routes) {
    String p = e.invoke().process();
    boolean producer = p.startsWith("producer");
    return producer ? routes.contains(Route.PRODUCERS) : routes.contains(Route.WORKERS) && p.startsWith("w");
  }
}
