package dev.taskbed.chaos.scenarios;

import dev.taskbed.chaos.infra.ProxiedRedis;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.simulator.scripted.ScenarioRun;

/** Brokers of the run's backend on a route of the shared {@link ProxiedRedis}. */
final class ProxiedBrokers {
  private ProxiedBrokers() {}

  /** A broker through {@code route}'s proxy, closed with the run. */
  static RedisBroker open(ScenarioRun run, ProxiedRedis infra, ProxiedRedis.Route route) {
    return open(run, infra, route, run.timing().brokerSettings().build());
  }

  static RedisBroker open(ScenarioRun run, ProxiedRedis infra, ProxiedRedis.Route route, RedisBrokerSettings settings) {
    return run.open(RedisBrokerConfig.standalone("redis://" + infra.host() + ":" + infra.port(route)), settings);
  }

  /**
   * The shared proxied infrastructure, prepared for a scenario (empty Redis of {@code persistence},
   * proxies reset), with its facts recorded in the report.
   */
  static ProxiedRedis prepare(ProxiedRedis.Persistence persistence) {
    ProxiedRedis infra = ProxiedRedis.shared();
    infra.prepare(persistence);
    describe(infra);
    return infra;
  }

  /** Records the environment facts of the proxied infrastructure in the report once. */
  private static void describe(ProxiedRedis infra) {
    dev.taskbed.chaos.ChaosSuite.report().environment("proxy scenarios",
        ProxiedRedis.REDIS_IMAGE + " containers behind " + ProxiedRedis.TOXIPROXY_IMAGE + " (Toxiproxy "
            + infra.toxiproxyVersion() + ") on one Docker network; durable Redis: "
            + ProxiedRedis.Persistence.DURABLE.options() + "; negative control: " + ProxiedRedis.Persistence.VOLATILE.options());
  }
}
