package dev.taskbed.redis.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Redis 7.0.15 in a container started by Testcontainers (image {@code redis:7.0.15}, built locally
 * by {@code .ci/build-images.sh} where no registry is reachable). Started with
 * {@code --protected-mode no} (the local image keeps protected mode on) and any extra options.
 * Without Docker it fails, never skips; see {@link RedisInfrastructure}.
 */
public final class RedisContainerFixture implements RedisFixture {
  public static final String IMAGE = System.getProperty("taskbed.redis.image", "redis:7.0.15");

  private final GenericContainer<?> container;

  private RedisContainerFixture(GenericContainer<?> container) {
    this.container = container;
  }

  /** Starts a container; {@code extraArgs} are appended to {@code redis-server}'s command line. */
  public static RedisContainerFixture start(String... extraArgs) {
    return start(container -> { }, extraArgs);
  }

  /** {@link #start(String...)} with the container set up further first (a network, an alias). */
  static RedisContainerFixture start(Consumer<GenericContainer<?>> setUp, String... extraArgs) {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw new IllegalStateException("Docker is not available: Redis container tests need it (.ci/run starts "
          + "dockerd). To skip every integration test instead, run with -Dtaskbed.it.skip=true.");
    }
    List<String> cmd = new ArrayList<>(List.of("redis-server", "--protected-mode", "no", "--save", ""));
    cmd.addAll(List.of(extraArgs));
    GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(IMAGE))
        .withExposedPorts(6379)
        .withCommand(cmd.toArray(String[]::new))
        .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1));
    setUp.accept(c);
    c.start();
    return new RedisContainerFixture(c);
  }

  public String host() {
    return container.getHost();
  }

  public int port() {
    return container.getMappedPort(6379);
  }

  @Override
  public String uri() {
    return "redis://" + host() + ":" + port();
  }

  @Override
  public List<String> nodes() {
    return List.of(host() + ":" + port());
  }

  @Override
  public boolean isCluster() {
    return false;
  }

  @Override
  public void flushAll() {
    try (RespClient c = client(0)) {
      c.call("FLUSHALL");
    }
  }

  @Override
  public void close() {
    container.stop();
  }
}
