package dev.taskbed.redis.testing.contracts;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.testing.RedisFixture;

/**
 * Base of the integration tests both Redis backends must pass alike: everything they check lives in
 * {@link RedisBroker} and the Lua scripts, so one copy of each test serves both, and a fix
 * or a new assertion reaches both backends at once. Each backend runs a contract through a small
 * {@code *IT} subclass that only says how to open its broker (and may add backend-specific tests).
 *
 * <p>The contracts are named {@code *Contract}, not {@code *IT} or {@code *Test}, so neither
 * Failsafe nor Surefire picks them up in this module, where there is no broker to open.
 */
public abstract class RedisBrokerContract {

  /** This backend's broker on {@code config}; the test closes it. */
  protected abstract RedisBroker open(RedisBrokerConfig config);

  /** This backend's broker on {@code fixture} (standalone or cluster) with {@code settings}. */
  protected final RedisBroker open(RedisFixture fixture, RedisBrokerSettings settings) {
    return open(fixture.brokerConfig().settings(settings).build());
  }
}
