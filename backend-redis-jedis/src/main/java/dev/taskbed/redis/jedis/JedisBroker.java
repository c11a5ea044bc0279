package dev.taskbed.redis.jedis;

import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisDriverException;

/**
 * The {@link dev.taskbed.spi.Broker} on Redis through Jedis: standalone, Sentinel or Cluster, as
 * {@link RedisBrokerConfig} says. A factory: it builds the Jedis transport and hands it to the
 * {@link RedisBroker}, which holds all broker logic, shared with the other Redis backend. The
 * broker is thread-safe; one instance per application is enough (it pools connections).
 *
 * <pre>{@code
 * RedisBroker broker = JedisBroker.create(RedisBrokerConfig.standalone("redis://127.0.0.1:6379").build());
 * }</pre>
 */
public final class JedisBroker {

  private JedisBroker() {}

  /**
   * Connects and checks the server (version ≥ 7.0; logs durability settings and warns loudly when
   * {@code maxmemory-policy} is not {@code noeviction}). An unreachable server is not an error here;
   * operations retry and then fail with {@link dev.taskbed.BrokerUnavailableException}.
   *
   * @param config where Redis is and how the broker behaves
   * @return the broker, which owns its Jedis connections and closes them on close
   * @throws BrokerUnavailableException if a cluster cannot be reached to read its slot map
   * @throws dev.taskbed.TaskbedException if the server is older than Redis 7.0
   */
  public static RedisBroker create(RedisBrokerConfig config) {
    JedisDriver driver;
    try {
      driver = new JedisDriver(config);
    } catch (RedisDriverException e) {
      // Only the cluster client connects while being built (to read the slot map).
      throw new BrokerUnavailableException("cannot reach Redis (" + config + "): " + e.getMessage(), e);
    }
    return RedisBroker.create(driver, config.settings());
  }

  /**
   * A broker on a standalone server with default settings.
   *
   * @param uri e.g. {@code redis://127.0.0.1:6379}
   * @return the broker
   */
  public static RedisBroker create(String uri) {
    return create(RedisBrokerConfig.standalone(uri).build());
  }
}
