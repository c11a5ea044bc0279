package dev.taskbed.redis.redisson;

import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.RedisDriverException;
import java.util.Objects;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * The {@link dev.taskbed.spi.Broker} on Redis through Redisson: standalone, Sentinel or Cluster.
 * A factory: it builds the Redisson transport and hands it to the {@link RedisBroker}. All broker
 * logic, the key schema and the Lua scripts are shared with the Jedis backend there, so the two
 * backends are interchangeable on one Redis: a task enqueued through either is processed by workers
 * on either. The broker is thread-safe; one instance per application is enough.
 *
 * <pre>{@code
 * // the broker builds and owns its Redisson client
 * RedisBroker broker = RedissonBroker.create(RedisBrokerConfig.standalone("redis://127.0.0.1:6379").build());
 *
 * // or on an application's own client (the broker never shuts it down)
 * RedissonClient redisson = Redisson.create(config);
 * RedisBroker broker = RedissonBroker.create(redisson, RedisBrokerSettings.defaults());
 * }</pre>
 */
public final class RedissonBroker {

  private RedissonBroker() {}

  /**
   * Builds a Redisson client from {@code config}, then checks the server (version ≥ 7.0; logs
   * durability settings and warns loudly when {@code maxmemory-policy} is not {@code noeviction}).
   * An unreachable standalone or Sentinel server is not an error here; operations retry and then
   * fail with {@link BrokerUnavailableException}. The client is shut down by the broker's
   * {@link RedisBroker#close() close}.
   *
   * @throws BrokerUnavailableException if a cluster cannot be reached to read its slot map
   * @throws dev.taskbed.TaskbedException if the server is older than Redis 7.0
   */
  public static RedisBroker create(RedisBrokerConfig config) {
    return RedisBroker.create(driver(config), config.settings());
  }

  /** The driver on a Redisson client built from {@code config}, which the driver owns. */
  static RedissonDriver driver(RedisBrokerConfig config) {
    Config redissonConfig = RedissonConfigs.toRedisson(config);
    RedissonClient client;
    try {
      client = Redisson.create(redissonConfig);
    } catch (RuntimeException e) {
      RedisDriverException d = new RedissonExceptions(false).translate(e);
      throw new BrokerUnavailableException("cannot reach Redis (" + config + "): " + d.getMessage(), d);
    }
    RedissonConfigs.Profile p = RedissonConfigs.profile(redissonConfig);
    RedissonConfigs.Profile profile = new RedissonConfigs.Profile(p.mode(), p.retryAttempts(), p.connectTimeoutMillis(),
        p.responseTimeoutMillis(), config.toString());
    return new RedissonDriver(client, true, profile);
  }

  /** A broker on a standalone server with default settings, e.g. {@code redis://127.0.0.1:6379}. */
  public static RedisBroker create(String uri) {
    return create(RedisBrokerConfig.standalone(uri).build());
  }

  /**
   * A broker on an application's own Redisson client, which it uses but never shuts down. The
   * client's codec does not matter (the broker sends and reads raw bytes). Two things do:
   * <ul>
   *   <li>it must not rename keys (no {@code NameMapper}): the key schema is shared with the Jedis
   *       backend;
   *   <li>Redisson's own retries ({@code retryAttempts}, 3 by default) run beneath the broker's, so
   *       a failing call takes longer, and a failure after a client retry is always reported as
   *       possibly applied (an enqueue then fails with
   *       {@link dev.taskbed.EnqueueOutcomeUnknownException}, never
   *       {@link BrokerUnavailableException}). Set {@code retryAttempts(0)} for the same behaviour
   *       as a broker-built client.
   * </ul>
   *
   * @throws dev.taskbed.InvalidOptionException if the client renames keys or is not a single-server,
   *     Sentinel or Cluster client
   * @throws dev.taskbed.TaskbedException if the server is older than Redis 7.0
   */
  public static RedisBroker create(RedissonClient client, RedisBrokerSettings settings) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(settings, "settings");
    RedissonConfigs.Profile p = RedissonConfigs.profile(client.getConfig());
    RedissonConfigs.Profile profile = new RedissonConfigs.Profile(p.mode(), p.retryAttempts(), p.connectTimeoutMillis(),
        p.responseTimeoutMillis(), "Redisson client, " + p.description());
    return RedisBroker.create(new RedissonDriver(client, false, profile), settings);
  }
}
