package dev.taskbed.chaos;

import dev.taskbed.redis.AbstractRedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisBrokerSettings;
import dev.taskbed.redis.jedis.JedisBroker;
import dev.taskbed.redis.redisson.RedissonBroker;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** The two Redis backends every scenario runs against, opened on the chaos timing profile. */
public enum BackendKind {
  JEDIS("jedis", JedisBroker::create),
  REDISSON("redisson", RedissonBroker::create);

  private final String label;
  private final Function<RedisBrokerConfig, AbstractRedisBroker> open;

  BackendKind(String label, Function<RedisBrokerConfig, AbstractRedisBroker> open) {
    this.label = label;
    this.open = open;
  }

  /** How the report names the backend. */
  public String label() {
    return label;
  }

  /** A broker on a standalone server at {@code host:port} (a Toxiproxy listener, usually). */
  public AbstractRedisBroker standalone(String host, int port, ChaosTiming timing, RedisBrokerSettings settings) {
    return open(RedisBrokerConfig.standalone("redis://" + host + ":" + port), timing, settings);
  }

  /**
   * A broker on the primary {@code master} found through {@code sentinels}, dialling the data nodes
   * at {@code addressMapper}'s translation of the addresses the Sentinels announce.
   */
  public AbstractRedisBroker sentinel(String master, List<String> sentinels, UnaryOperator<String> addressMapper,
      ChaosTiming timing, RedisBrokerSettings settings) {
    return open(RedisBrokerConfig.sentinel(master, sentinels).addressMapper(addressMapper), timing, settings);
  }

  private AbstractRedisBroker open(RedisBrokerConfig.Builder config, ChaosTiming timing, RedisBrokerSettings settings) {
    return open.apply(config.connectTimeout(timing.connectTimeout()).socketTimeout(timing.clientTimeout())
        .poolSize(8).settings(settings).build());
  }
}
