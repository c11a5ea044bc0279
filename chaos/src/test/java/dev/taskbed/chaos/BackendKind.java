package dev.taskbed.chaos;

import dev.taskbed.redis.AbstractRedisBroker;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.jedis.JedisBroker;
import dev.taskbed.redis.jedis.JedisBrokerConfig;
import dev.taskbed.redis.redisson.RedissonBroker;
import dev.taskbed.redis.redisson.RedissonBrokerConfig;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import org.redisson.config.SentinelServersConfig;
import org.redisson.misc.RedisURI;

/** The two Redis backends every scenario runs against, opened on the chaos timing profile. */
public enum BackendKind {
  JEDIS("jedis") {
    @Override
    public OpenBroker standalone(String host, int port, ChaosTiming timing, RedisBrokerSettings settings) {
      return new OpenBroker(JedisBroker.create(JedisBrokerConfig.standalone("redis://" + host + ":" + port)
          .connectTimeout(timing.connectTimeout()).socketTimeout(timing.clientTimeout()).poolSize(8)
          .settings(settings).build()), () -> {});
    }

    @Override
    public OpenBroker sentinel(String master, List<String> sentinels, UnaryOperator<String> addressMapper, ChaosTiming timing,
        RedisBrokerSettings settings) {
      return new OpenBroker(JedisBroker.create(JedisBrokerConfig.sentinel(master, sentinels)
          .connectTimeout(timing.connectTimeout()).socketTimeout(timing.clientTimeout()).poolSize(8)
          .addressMapper(addressMapper).settings(settings).build()), () -> {});
    }
  },

  REDISSON("redisson") {
    @Override
    public OpenBroker standalone(String host, int port, ChaosTiming timing, RedisBrokerSettings settings) {
      return new OpenBroker(RedissonBroker.create(RedissonBrokerConfig.standalone("redis://" + host + ":" + port)
          .connectTimeout(timing.connectTimeout()).socketTimeout(timing.clientTimeout()).poolSize(8)
          .settings(settings).build()), () -> {});
    }

    /**
     * RedissonBrokerConfig has no address mapping, so the scenario builds the Redisson client itself
     * (with a {@code NatMapper}) the way {@code RedissonBroker.create(RedisBrokerConfig)} does: raw
     * byte codec, EVAL only for reloads, no references, no Redisson-level retries; the broker uses
     * it without owning it.
     */
    @Override
    public OpenBroker sentinel(String master, List<String> sentinels, UnaryOperator<String> addressMapper, ChaosTiming timing,
        RedisBrokerSettings settings) {
      Config config = new Config();
      config.setCodec(ByteArrayCodec.INSTANCE);
      config.setUseScriptCache(false);
      config.setLazyInitialization(true);
      config.setReferenceEnabled(false);
      SentinelServersConfig s = config.useSentinelServers()
          .setMasterName(master)
          .setCheckSentinelsList(false)
          .setReadMode(ReadMode.MASTER)
          .setMasterConnectionPoolSize(8)
          .setMasterConnectionMinimumIdleSize(2)
          .setSlaveConnectionPoolSize(8)
          .setSlaveConnectionMinimumIdleSize(0)
          .setSubscriptionConnectionPoolSize(2)
          .setSubscriptionConnectionMinimumIdleSize(0)
          .setNatMapper(uri -> {
            String mapped = addressMapper.apply(uri.getHost() + ":" + uri.getPort());
            int colon = mapped.lastIndexOf(':');
            return new RedisURI(uri.getScheme(), mapped.substring(0, colon), Integer.parseInt(mapped.substring(colon + 1)));
          });
      s.setSentinelAddresses(sentinels.stream().map(a -> "redis://" + a).toList());
      s.setConnectTimeout(millis(timing.connectTimeout())).setTimeout(millis(timing.clientTimeout())).setRetryAttempts(0)
          .setClientName("taskbed");
      RedissonClient client = Redisson.create(config);
      try {
        return new OpenBroker(RedissonBroker.create(client, settings), client::shutdown);
      } catch (RuntimeException e) {
        client.shutdown();
        throw e;
      }
    }
  };

  private final String label;

  BackendKind(String label) {
    this.label = label;
  }

  /** How the report names the backend. */
  public String label() {
    return label;
  }

  /** A broker on a standalone server at {@code host:port} (a Toxiproxy listener, usually). */
  public abstract OpenBroker standalone(String host, int port, ChaosTiming timing, RedisBrokerSettings settings);

  /**
   * A broker on the primary {@code master} found through {@code sentinels}, dialling the data nodes
   * at {@code addressMapper}'s translation of the addresses the Sentinels announce.
   */
  public abstract OpenBroker sentinel(String master, List<String> sentinels, UnaryOperator<String> addressMapper,
      ChaosTiming timing, RedisBrokerSettings settings);

  private static int millis(Duration d) {
    return (int) d.toMillis();
  }

  /** A broker and whatever else must be closed with it (a Redisson client the broker does not own). */
  public record OpenBroker(AbstractRedisBroker broker, Runnable closeAfter) implements AutoCloseable {
    @Override
    public void close() {
      try {
        broker.close();
      } finally {
        closeAfter.run();
      }
    }
  }
}
