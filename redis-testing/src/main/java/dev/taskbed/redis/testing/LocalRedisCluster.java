package dev.taskbed.redis.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of three primaries (no replicas) as local {@code redis-server} processes on
 * loopback ports, created with {@code redis-cli --cluster create}. Local processes instead of
 * containers because a cluster behind Docker port mapping announces addresses clients cannot reach.
 */
public final class LocalRedisCluster implements RedisFixture {
  private final List<LocalRedis> nodes = new ArrayList<>();

  private LocalRedisCluster() {}

  /** Starts three primaries and joins them into a cluster that answers {@code cluster_state:ok}. */
  public static LocalRedisCluster start(String... extraArgs) {
    LocalRedisCluster c = new LocalRedisCluster();
    try {
      for (int i = 0; i < 3; i++) {
        c.nodes.add(LocalRedis.builder()
            .arg("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "3000")
            .arg(extraArgs)
            .build().start());
      }
      List<String> cmd = new ArrayList<>(List.of(RedisInfrastructure.redisCli().toString(), "--cluster", "create"));
      cmd.addAll(c.nodes());
      cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      RedisInfrastructure.run(60, cmd.toArray(String[]::new));
      c.awaitOk();
      return c;
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private void awaitOk() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      boolean ok = true;
      for (int i = 0; i < nodes.size() && ok; i++) {
        try (RespClient c = client(i)) {
          ok = "ok".equals(RespClient.infoField(c.string("CLUSTER", "INFO"), "cluster_state"));
        }
      }
      if (ok) {
        return;
      }
      LocalRedis.sleep(100);
    }
    throw new IllegalStateException("cluster did not reach cluster_state:ok");
  }

  /** The node processes, e.g. to kill one. */
  public List<LocalRedis> processes() {
    return List.copyOf(nodes);
  }

  @Override
  public String uri() {
    return nodes.get(0).uri();
  }

  @Override
  public List<String> nodes() {
    return nodes.stream().map(n -> "127.0.0.1:" + n.port()).toList();
  }

  @Override
  public boolean isCluster() {
    return true;
  }

  @Override
  public void flushAll() {
    for (int i = 0; i < nodes.size(); i++) {
      try (RespClient c = client(i)) {
        c.call("FLUSHALL");
      }
    }
  }

  @Override
  public void close() {
    nodes.forEach(LocalRedis::close);
  }
}
