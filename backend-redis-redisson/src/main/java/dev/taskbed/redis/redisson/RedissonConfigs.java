package dev.taskbed.redis.redisson;

import dev.taskbed.InvalidOptionException;
import dev.taskbed.redis.RedisBrokerConfig;
import java.util.List;
import java.util.function.UnaryOperator;
import org.redisson.api.NameMapper;
import org.redisson.api.NatMapper;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.BaseConfig;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SingleServerConfig;
import org.redisson.misc.RedisURI;

/**
 * Translates between Taskbed's {@link RedisBrokerConfig} and Redisson's {@link Config}: builds
 * the Redisson config for a client the broker owns, and reads back from any client's config
 * (ours or a user's) what the driver must know about it ({@link Profile}).
 */
final class RedissonConfigs {
  /** A sample key of the shared schema, to check that a client leaves key names alone. */
  private static final String SAMPLE_KEY = "taskbed:{q}:meta";

  private RedissonConfigs() {}

  /** What the driver needs to know about a Redisson client. */
  record Profile(RedisBrokerConfig.Mode mode, int retryAttempts, long connectTimeoutMillis,
      long responseTimeoutMillis, String description) {

    /**
     * How long a call may take before the driver stops waiting: every attempt Redisson makes
     * (connect + reply), plus slack for its retry delays and for scheduling. Redisson itself bounds
     * calls by these timeouts; this bound only guards against a future that never completes (e.g. a
     * connection pool that stays exhausted, which Redisson waits on without limit when it does not
     * retry).
     */
    long callBoundMillis() {
      return (connectTimeoutMillis + responseTimeoutMillis + 1_000) * (retryAttempts + 1L) + 1_000;
    }
  }

  /**
   * The Redisson config for {@code c}. Redisson's own retries are off ({@code retryAttempts 0}):
   * the broker retries with its own bounded backoff and must know, per attempt, whether a command
   * may have reached Redis; a client that silently resends a timed-out script would make every
   * failure doubtful. Redirections ({@code MOVED}, {@code ASK}) are still followed, as they are
   * routing, not retries. Standalone and Sentinel clients connect lazily, so an unreachable server
   * is not an error at creation (as with the Jedis backend); a cluster client reads the slot map at
   * creation.
   */
  static Config toRedisson(RedisBrokerConfig c) {
    Config rc = new Config();
    rc.setCodec(ByteArrayCodec.INSTANCE);
    // The driver calls EVAL only to reload a script after NOSCRIPT; send it as such, not as
    // Redisson's EVALSHA / SCRIPT LOAD / EVALSHA emulation.
    rc.setUseScriptCache(false);
    rc.setLazyInitialization(c.mode() != RedisBrokerConfig.Mode.CLUSTER);
    // Redisson checks every argument for a Redisson object to store as a reference (its "live
    // objects"); Taskbed only sends byte arrays, and on a bulk enqueue (14 arguments per task) that
    // check was the client's largest CPU cost.
    rc.setReferenceEnabled(false);
    int minIdle = Math.min(c.poolSize(), 2);
    switch (c.mode()) {
      case STANDALONE: {
        SingleServerConfig s = rc.useSingleServer()
            .setAddress(c.uri().getScheme() + "://" + c.uri().getHost() + ":" + (c.uri().getPort() < 0 ? 6379 : c.uri().getPort()))
            .setDatabase(c.database())
            .setConnectionPoolSize(c.poolSize())
            .setConnectionMinimumIdleSize(minIdle)
            .setSubscriptionConnectionPoolSize(2)
            .setSubscriptionConnectionMinimumIdleSize(0);
        common(s, c);
        break;
      }
      case SENTINEL: {
        SentinelServersConfig s = rc.useSentinelServers()
            .setMasterName(c.masterName())
            .setDatabase(c.database())
            // Like Jedis: one Sentinel address is enough to start.
            .setCheckSentinelsList(false)
            .setReadMode(ReadMode.MASTER)
            .setMasterConnectionPoolSize(c.poolSize())
            .setMasterConnectionMinimumIdleSize(minIdle)
            .setSlaveConnectionPoolSize(c.poolSize())
            .setSlaveConnectionMinimumIdleSize(0)
            .setSubscriptionConnectionPoolSize(2)
            .setSubscriptionConnectionMinimumIdleSize(0);
        s.setSentinelAddresses(addresses(c));
        if (c.addressMapper() != null) {
          s.setNatMapper(natMapper(c.addressMapper()));
        }
        common(s, c);
        break;
      }
      default: {
        ClusterServersConfig s = rc.useClusterServers()
            .setReadMode(ReadMode.MASTER)
            .setMasterConnectionPoolSize(c.poolSize())
            .setMasterConnectionMinimumIdleSize(minIdle)
            .setSlaveConnectionPoolSize(c.poolSize())
            .setSlaveConnectionMinimumIdleSize(0)
            .setSubscriptionConnectionPoolSize(2)
            .setSubscriptionConnectionMinimumIdleSize(0);
        s.setNodeAddresses(addresses(c));
        if (c.addressMapper() != null) {
          s.setNatMapper(natMapper(c.addressMapper()));
        }
        common(s, c);
      }
    }
    return rc;
  }

  private static void common(BaseConfig<?> s, RedisBrokerConfig c) {
    s.setConnectTimeout((int) c.connectTimeout().toMillis())
        .setTimeout((int) c.socketTimeout().toMillis())
        .setRetryAttempts(0)
        .setClientName("taskbed");
    if (c.user() != null) {
      s.setUsername(c.user());
    }
    if (c.password() != null) {
      s.setPassword(c.password());
    }
  }

  /** The config's "host:port" mapping as Redisson's NatMapper, which maps the addresses Redis announces. */
  private static NatMapper natMapper(UnaryOperator<String> mapper) {
    return uri -> {
      String mapped = mapper.apply(uri.getHost() + ":" + uri.getPort());
      int colon = mapped.lastIndexOf(':');
      return new RedisURI(uri.getScheme(), mapped.substring(0, colon), Integer.parseInt(mapped.substring(colon + 1)));
    };
  }

  private static List<String> addresses(RedisBrokerConfig c) {
    String scheme = c.ssl() ? "rediss://" : "redis://";
    return c.nodes().stream().map(n -> scheme + n).toList();
  }

  /**
   * Reads what the driver needs from a client's config, and rejects configs that would break the
   * shared data model.
   *
   * @throws InvalidOptionException if the client renames keys (a {@link NameMapper}), or is not a
   *     single-server, Sentinel or Cluster client
   */
  static Profile profile(Config config) {
    BaseConfig<?> base;
    RedisBrokerConfig.Mode mode;
    String where;
    if (config.isClusterConfig()) {
      ClusterServersConfig c = config.useClusterServers();
      base = c;
      mode = RedisBrokerConfig.Mode.CLUSTER;
      where = "cluster via " + c.getNodeAddresses();
    } else if (config.isSentinelConfig()) {
      SentinelServersConfig c = config.useSentinelServers();
      base = c;
      mode = RedisBrokerConfig.Mode.SENTINEL;
      where = "sentinel master " + c.getMasterName() + " via " + c.getSentinelAddresses();
    } else if (config.isSingleConfig()) {
      SingleServerConfig c = config.useSingleServer();
      base = c;
      mode = RedisBrokerConfig.Mode.STANDALONE;
      where = "standalone " + c.getAddress() + (c.getDatabase() != 0 ? "/" + c.getDatabase() : "");
    } else {
      throw new InvalidOptionException("redissonClient", "replicated or master/slave config",
          "Taskbed supports single-server, Sentinel and Cluster Redisson clients");
    }
    NameMapper mapper = base.getNameMapper();
    if (mapper != null && mapper != NameMapper.direct() && !SAMPLE_KEY.equals(mapper.map(SAMPLE_KEY))) {
      throw new InvalidOptionException("redissonClient", mapper.getClass().getName(),
          "must not have a NameMapper: Taskbed's keys (taskbed:queues, taskbed:{queue}:...) are shared with "
              + "the Jedis backend and must keep their names");
    }
    return new Profile(mode, base.getRetryAttempts(), base.getConnectTimeout(), base.getTimeout(), where);
  }
}
