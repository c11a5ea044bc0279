package dev.taskbed.redis.testing;

/**
 * One lazily started instance of each fixture per test JVM, stopped when the JVM exits, so test
 * classes do not each pay for starting Redis. Tests that kill or reconfigure Redis start their own.
 */
public final class SharedRedis {
  private static LocalRedis local;
  private static LocalRedisCluster cluster;
  private static RedisContainerFixture container;
  private static LocalRedis serverClocked;
  private static ToxiproxiedRedis toxiproxied;

  private SharedRedis() {}

  /** A local {@code redis-server} process with default settings. */
  public static synchronized LocalRedis local() {
    if (local == null) {
      local = LocalRedis.startDefault();
      Runtime.getRuntime().addShutdownHook(new Thread(local::close));
    }
    return local;
  }

  /**
   * A local {@code redis-server} process whose wall clock the test sets
   * ({@link LocalRedis#serverClock()}); it starts at the host's time.
   */
  public static synchronized LocalRedis serverClocked() {
    if (serverClocked == null) {
      ServerClock clock = ServerClock.create();
      serverClocked = LocalRedis.builder().serverClock(clock).build().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        serverClocked.close();
        clock.close();
      }));
    }
    return serverClocked;
  }

  /** A local three-primary cluster. */
  public static synchronized LocalRedisCluster cluster() {
    if (cluster == null) {
      cluster = LocalRedisCluster.start();
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
    }
    return cluster;
  }

  /** Redis 7.0.15 in a Testcontainers container. */
  public static synchronized RedisContainerFixture container() {
    if (container == null) {
      container = RedisContainerFixture.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::close));
    }
    return container;
  }

  /**
   * Redis 7.0.15 in a container behind a Toxiproxy server. Shared: a test that adds toxics starts
   * with {@link ToxiproxiedRedis#reset()}, so it does not inherit another test's.
   */
  public static synchronized ToxiproxiedRedis toxiproxied() {
    if (toxiproxied == null) {
      toxiproxied = ToxiproxiedRedis.start();
      Runtime.getRuntime().addShutdownHook(new Thread(toxiproxied::close));
    }
    return toxiproxied;
  }
}
