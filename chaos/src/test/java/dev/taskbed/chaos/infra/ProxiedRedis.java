package dev.taskbed.chaos.infra;

import com.github.dockerjava.api.DockerClient;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.simulator.fault.Fault;
import dev.taskbed.simulator.fault.Toxiproxy;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.toxiproxy.ToxiproxyContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Redis in Docker behind a real Toxiproxy server, all on one Docker network: the proxy scenarios'
 * infrastructure. Two Redis containers, {@code redis-durable} (AOF, {@code appendfsync always}) and
 * {@code redis-volatile} (no persistence, started on first use), and one
 * {@link ToxiproxyContainer} with a proxy per {@link Route}, so a fault can hit producers, workers,
 * claims or a single zombie worker while the observer (drain checks, final read) keeps a clean line.
 * Toxiproxy dials its upstream by network alias for every new connection, so clients keep their
 * port when Redis is killed and restarted (the container may come back with a new address).
 *
 * <p>Started once per test JVM and shared by every scenario; {@link #prepare} gives each scenario
 * fresh proxies (no toxics, all enabled, pointing at the Redis it asks for) and empty Redis data.
 * Without Docker this fails, never skips (CI must run it; {@code .ci/run} starts dockerd).
 */
public final class ProxiedRedis implements AutoCloseable {
  public static final String REDIS_IMAGE = System.getProperty("taskbed.redis.image", "redis:7.0.15");
  public static final String TOXIPROXY_IMAGE = "ghcr.io/shopify/toxiproxy:2.12.0";

  /** Which Redis the proxies lead to. */
  public enum Persistence {
    /** AOF on, {@code appendfsync always}: an acknowledged write survives {@code kill -9}. */
    DURABLE("redis-durable", "--appendonly", "yes", "--appendfsync", "always"),
    /** No AOF, no snapshots: a restart comes back empty (the negative control). */
    VOLATILE("redis-volatile", "--appendonly", "no");

    final String alias;
    final List<String> args;

    Persistence(String alias, String... args) {
      this.alias = alias;
      this.args = List.of(args);
    }

    public String alias() {
      return alias;
    }

    /** The redis-server options, for the report. */
    public String options() {
      return String.join(" ", args) + " --save \"\"";
    }
  }

  /** A named path from one group of clients to Redis: one Toxiproxy proxy each. */
  public enum Route {
    PRODUCERS(8666), WORKERS(8667), CLAIMS(8668), ZOMBIE(8669), OBSERVER(8670);

    final int listenPort;

    Route(int listenPort) {
      this.listenPort = listenPort;
    }

    public String proxyName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static ProxiedRedis shared;

  private final Network network;
  private final ToxiproxyContainer toxiproxy;
  private final ToxiproxyClient client;
  private final Map<Persistence, GenericContainer<?>> redis = new EnumMap<>(Persistence.class);
  private final Map<Route, Proxy> proxies = new EnumMap<>(Route.class);
  private Persistence current = Persistence.DURABLE;

  private ProxiedRedis() {
    requireDocker();
    network = Network.newNetwork();
    startRedis(Persistence.DURABLE);
    toxiproxy = new ToxiproxyContainer(DockerImageName.parse(TOXIPROXY_IMAGE)).withNetwork(network);
    toxiproxy.start();
    client = Toxiproxy.client(toxiproxy.getHost(), toxiproxy.getControlPort());
    try {
      for (Route r : Route.values()) {
        proxies.put(r, client.createProxy(r.proxyName(), "0.0.0.0:" + r.listenPort, Persistence.DURABLE.alias + ":6379"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create Toxiproxy proxies", e);
    }
  }

  /** The instance shared by every scenario in this JVM, started on first use and stopped at JVM exit. */
  public static synchronized ProxiedRedis shared() {
    if (shared == null) {
      shared = new ProxiedRedis();
      ProxiedRedis s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(s::close, "chaos-proxied-redis-stop"));
    }
    return shared;
  }

  /**
   * Fails fast, with what to do, unless Docker runs and has the images the scenarios use. Without a
   * registry, Testcontainers would otherwise spend minutes trying to pull a missing image (Ryuk's
   * included, unless {@code TESTCONTAINERS_RYUK_DISABLED=true}).
   */
  static synchronized void requireDocker() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw new IllegalStateException("Docker is not available: the chaos scenarios need it (.ci/run starts dockerd and "
          + "builds the redis:7.0.15 and ghcr.io/shopify/toxiproxy:2.12.0 images). To skip every integration test "
          + "instead, run with -Dtaskbed.it.skip=true.");
    }
    List<String> images = new ArrayList<>(List.of(REDIS_IMAGE, TOXIPROXY_IMAGE));
    if (!"true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
      images.add("testcontainers/ryuk:0.14.0");
    }
    for (String image : images) {
      try {
        DockerClientFactory.instance().client().inspectImageCmd(image).exec();
      } catch (com.github.dockerjava.api.exception.NotFoundException e) {
        throw new IllegalStateException("Docker image " + image + " is missing and no registry is reachable: run "
            + ".ci/build-images.sh" + (image.contains("ryuk") ? ", and set TESTCONTAINERS_RYUK_DISABLED=true and "
            + "TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 (as .ci/run does)" : "") + ".", e);
      }
    }
  }

  private GenericContainer<?> startRedis(Persistence p) {
    GenericContainer<?> c = redis.get(p);
    if (c != null) {
      return c;
    }
    List<String> cmd = new ArrayList<>(List.of("redis-server", "--protected-mode", "no", "--save", ""));
    cmd.addAll(p.args);
    c = new GenericContainer<>(DockerImageName.parse(REDIS_IMAGE))
        .withNetwork(network)
        .withNetworkAliases(p.alias)
        .withExposedPorts(6379)
        .withCommand(cmd.toArray(String[]::new))
        .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1));
    c.start();
    redis.put(p, c);
    return c;
  }

  /**
   * Readies the infrastructure for a scenario: every toxic removed and every proxy enabled
   * (Toxiproxy's reset), the proxies pointed at the Redis with {@code persistence}, and that Redis
   * emptied.
   */
  public synchronized void prepare(Persistence persistence) {
    startRedis(persistence);
    try {
      client.reset();
      if (persistence != current) {
        for (Proxy proxy : proxies.values()) {
          proxy.setUpstream(persistence.alias + ":6379");
        }
        current = persistence;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reset Toxiproxy", e);
    }
    awaitReady(Duration.ofSeconds(20));
    try (RespClient c = observer()) {
      c.call("FLUSHALL");
    }
  }

  /** The Redis the proxies currently lead to. */
  public synchronized Persistence persistence() {
    return current;
  }

  /** Host where the proxies' listeners are reachable. */
  public String host() {
    return toxiproxy.getHost();
  }

  /** Mapped port of {@code route}'s listener. */
  public int port(Route route) {
    return toxiproxy.getMappedPort(route.listenPort);
  }

  /** The Toxiproxy proxy of {@code route}, to add toxics to or disable. */
  public Proxy proxy(Route route) {
    return proxies.get(route);
  }

  /** A raw RESP connection over the observer route (never faulted). */
  public RespClient observer() {
    return new RespClient(host(), port(Route.OBSERVER));
  }

  /** Waits until Redis answers {@code PING} through the observer route (not loading, not refusing). */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      try (RespClient c = observer()) {
        if ("PONG".equals(c.call("PING"))) {
          return;
        }
      } catch (RuntimeException e) {
        last = e; // refused upstream (closed at once by the proxy), or LOADING
      }
      sleep(25);
    }
    throw new IllegalStateException("Redis (" + current.alias + ") not ready within " + timeout, last);
  }

  /**
   * The crash of scenarios 5 and 6 as a harness fault: SIGKILL of the current Redis container
   * ({@code docker kill}), healed by starting it again on its own data.
   */
  public RedisCrash crash() {
    return new RedisCrash();
  }

  /** A Redis crash and restart; {@link #exitCode()} says how the container died. */
  public final class RedisCrash implements Fault {
    private long exitCode = -1;

    @Override
    public Injection begin() {
      try {
        exitCode = killRedis();
      } catch (RuntimeException e) {
        restartRedis(); // leave the next scenario a running Redis
        throw e;
      }
      return Injection.fired("container exit code " + exitCode);
    }

    @Override
    public String heal() {
      restartRedis();
      return "restarted on its data";
    }

    /** The container's exit code (137 when the SIGKILL landed); -1 before the fault began. */
    public long exitCode() {
      return exitCode;
    }
  }

  /** Sends SIGKILL to the current Redis container; returns its exit code (137 when the kill landed). */
  private long killRedis() {
    DockerClient docker = DockerClientFactory.instance().client();
    String id = redis.get(current).getContainerId();
    docker.killContainerCmd(id).withSignal("SIGKILL").exec();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      var state = docker.inspectContainerCmd(id).exec().getState();
      if (!Boolean.TRUE.equals(state.getRunning())) {
        Long code = state.getExitCodeLong();
        return code == null ? -1 : code;
      }
      sleep(20);
    }
    throw new IllegalStateException("the Redis container still runs 10 s after SIGKILL");
  }

  /** Starts the current Redis container again on its own data (writable layer) and waits for {@code PING}. */
  private void restartRedis() {
    DockerClientFactory.instance().client().startContainerCmd(redis.get(current).getContainerId()).exec();
    awaitReady(Duration.ofSeconds(30));
  }

  /** The Toxiproxy server's version, for the report ("git" for a {@code go install} build of a tag). */
  public String toxiproxyVersion() {
    try {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]*)\"").matcher(client.version());
      return m.find() ? m.group(1) : client.version();
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** {@code INFO server}'s {@code run_id}: changes when Redis restarts. */
  public String runId() {
    try (RespClient c = observer()) {
      return RespClient.infoField(c.string("INFO", "server"), "run_id");
    }
  }

  @Override
  public synchronized void close() {
    for (GenericContainer<?> c : redis.values()) {
      try {
        c.stop();
      } catch (RuntimeException e) {
        // best effort at exit
      }
    }
    try {
      toxiproxy.stop();
    } catch (RuntimeException e) {
      // best effort at exit
    }
    network.close();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
