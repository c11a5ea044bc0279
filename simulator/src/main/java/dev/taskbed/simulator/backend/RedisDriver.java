package dev.taskbed.simulator.backend;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.jedis.JedisBroker;
import dev.taskbed.redis.redisson.RedissonBroker;
import java.util.function.Function;

/** The Redis client library a broker is built on: the two Redis backends. */
public enum RedisDriver {
  JEDIS("jedis", JedisBroker::create),
  REDISSON("redisson", RedissonBroker::create);

  private final String label;
  private final Function<RedisBrokerConfig, RedisBroker> open;

  RedisDriver(String label, Function<RedisBrokerConfig, RedisBroker> open) {
    this.label = label;
    this.open = open;
  }

  /** How reports name the backend: {@code jedis} or {@code redisson}. */
  public String label() {
    return label;
  }

  /** The name {@code --backend} takes: {@code redis-jedis} or {@code redis-redisson}. */
  public String backendName() {
    return "redis-" + label;
  }

  /** A broker on this driver. */
  public RedisBroker open(RedisBrokerConfig config) {
    return open.apply(config);
  }
}
