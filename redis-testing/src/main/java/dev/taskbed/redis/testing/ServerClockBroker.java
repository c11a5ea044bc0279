package dev.taskbed.redis.testing;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.spi.BrokerPolicy;
import java.time.Clock;
import java.util.function.Function;

/**
 * A Redis broker on server time ({@code TIME}, the production path with its per-queue high-water
 * mark) whose server's clock follows a test's clock: before every call, broker or admin, it moves
 * the {@link ServerClock} to {@code clock}'s now. So a suite written for a virtual clock (the
 * conformance kit's {@code ManualClock}) runs unchanged on the server-time path: every script reads
 * exactly the instant the test set. The server clock only moves forwards here
 * ({@link ServerClock#advanceTo}), so concurrent callers cannot turn it back; a test that steps it
 * back does so on the {@link ServerClock} itself.
 */
public final class ServerClockBroker extends ForwardingRedisBroker {
  private final RedisBroker redis;
  private final ServerClock server;
  private final Clock clock;

  /** {@code redis} must read server time (no client clock in its settings). */
  public ServerClockBroker(RedisBroker redis, ServerClock server, Clock clock) {
    super(redis);
    this.redis = redis;
    this.server = server;
    this.clock = clock;
  }

  /**
   * A broker for one test on {@code redis} (a server built with a {@link ServerClock}): the server
   * is emptied and its clock set to {@code clock}'s now, then {@code open} builds the backend's
   * broker on server time with {@code policy}.
   */
  public static ServerClockBroker onEmptyServer(LocalRedis redis, Clock clock, BrokerPolicy policy,
      Function<RedisBrokerSettings, RedisBroker> open) {
    redis.flushAll();
    redis.serverClock().set(clock.millis());
    return new ServerClockBroker(open.apply(RedisBrokerSettings.builder().policy(policy).checkServer(false).build()),
        redis.serverClock(), clock);
  }

  @Override
  protected RedisBroker delegate() {
    server.advanceTo(clock.millis());
    return redis;
  }
}
