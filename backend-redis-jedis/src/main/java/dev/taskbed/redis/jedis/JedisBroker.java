package dev.taskbed.redis.jedis;

import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.redis.AbstractRedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisDriverException;

/**
 * The {@link dev.taskbed.spi.Broker} on Redis through Jedis: standalone, Sentinel or Cluster, as
 * {@link RedisBrokerConfig} says. All broker logic is shared with the other Redis backend in
 * {@link AbstractRedisBroker}; this class only supplies the Jedis transport. Thread-safe; one
 * instance per application is enough (it pools connections).
 *
 * <pre>{@code
 * Broker broker = JedisBroker.create(RedisBrokerConfig.standalone("redis://127.0.0.1:6379").build());
 * }</pre>
 */
public final class JedisBroker extends AbstractRedisBroker {

  private JedisBroker(JedisDriver driver, RedisBrokerConfig config) {
    super(driver, config.settings());
  }

  /**
   * Connects and checks the server (version ≥ 7.0; logs durability settings and warns loudly when
   * {@code maxmemory-policy} is not {@code noeviction}). An unreachable server is not an error here;
   * operations retry and then fail with {@link dev.taskbed.BrokerUnavailableException}.
   *
   * @throws dev.taskbed.TaskbedException if the server is older than Redis 7.0
   */
  public static JedisBroker create(RedisBrokerConfig config) {
    JedisDriver driver;
    try {
      driver = new JedisDriver(config);
    } catch (RedisDriverException e) {
      // Only the cluster client connects while being built (to read the slot map).
      throw new BrokerUnavailableException("cannot reach Redis (" + config + "): " + e.getMessage(), e);
    }
    return new JedisBroker(driver, config);
  }

  /** A broker on a standalone server with default settings, e.g. {@code redis://127.0.0.1:6379}. */
  public static JedisBroker create(String uri) {
    return create(RedisBrokerConfig.standalone(uri).build());
  }
}
