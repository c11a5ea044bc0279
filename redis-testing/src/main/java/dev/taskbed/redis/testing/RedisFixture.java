package dev.taskbed.redis.testing;

import dev.taskbed.redis.RedisBrokerConfig;
import java.util.List;

/**
 * A Redis deployment a test runs against. Implementations: {@link LocalRedis} (a local
 * {@code redis-server} process), {@link LocalRedisCluster} (three local primaries),
 * {@link RedisContainerFixture} (Testcontainers, image {@code redis:7.0.15}).
 */
public interface RedisFixture extends AutoCloseable {

  /** {@code redis://host:port} of the (first) node. */
  String uri();

  /** "host:port" of every primary. */
  List<String> nodes();

  /** Whether this is a Redis Cluster. */
  boolean isCluster();

  /** Removes every key on every primary ({@code FLUSHALL}), so each test starts empty. */
  void flushAll();

  /**
   * A broker configuration for this deployment, standalone or cluster, for the caller to add
   * settings to: one place that knows how a fixture maps to a config, for every backend's tests.
   */
  default RedisBrokerConfig.Builder brokerConfig() {
    return isCluster() ? RedisBrokerConfig.cluster(nodes()) : RedisBrokerConfig.standalone(uri());
  }

  /** A raw client to node {@code i} of {@link #nodes()}; the caller closes it. */
  default RespClient client(int i) {
    String n = nodes().get(i);
    int colon = n.lastIndexOf(':');
    return new RespClient(n.substring(0, colon), Integer.parseInt(n.substring(colon + 1)));
  }

  @Override
  void close();
}
