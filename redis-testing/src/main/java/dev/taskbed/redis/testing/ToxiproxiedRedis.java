package dev.taskbed.redis.testing;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.testcontainers.containers.Network;
import org.testcontainers.toxiproxy.ToxiproxyContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Redis in a Testcontainers container with a Toxiproxy server in front of it, both on their own
 * Docker network: clients reach Redis through the proxy ({@link #uri()}), and a test adds toxics to
 * {@link #proxy()} (latency, a cut connection, a timeout...) to see what the broker does under
 * them. The fixture itself reaches Redis around the proxy ({@link #directClient()},
 * {@link #flushAll()}), so emptying or inspecting Redis works while the proxy is cut. The proxy
 * dials Redis by network alias for every new connection. Without Docker it fails, never skips.
 */
public final class ToxiproxiedRedis implements RedisFixture {
  /** The Toxiproxy image: {@code -Dtaskbed.toxiproxy.image=...}, else {@code ghcr.io/shopify/toxiproxy:2.12.0}. */
  public static final String TOXIPROXY_IMAGE = System.getProperty("taskbed.toxiproxy.image", "ghcr.io/shopify/toxiproxy:2.12.0");
  private static final String ALIAS = "redis";
  /** The first of the ports a Toxiproxy container exposes for proxies. */
  private static final int LISTEN_PORT = 8666;

  private final Network network;
  private final RedisContainerFixture redis;
  private final ToxiproxyContainer toxiproxy;
  private final ToxiproxyClient client;
  private final Proxy proxy;

  private ToxiproxiedRedis(Network network, RedisContainerFixture redis, ToxiproxyContainer toxiproxy) {
    this.network = network;
    this.redis = redis;
    this.toxiproxy = toxiproxy;
    this.client = new ToxiproxyClient(toxiproxy.getHost(), toxiproxy.getControlPort());
    try {
      this.proxy = client.createProxy(ALIAS, "0.0.0.0:" + LISTEN_PORT, ALIAS + ":6379");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Toxiproxy proxy to Redis", e);
    }
  }

  /** Starts Redis ({@code extraArgs} appended to {@code redis-server}'s command line) and the proxy. */
  public static ToxiproxiedRedis start(String... extraArgs) {
    Network network = Network.newNetwork();
    RedisContainerFixture redis = null;
    ToxiproxyContainer toxiproxy = null;
    try {
      redis = RedisContainerFixture.start(c -> c.withNetwork(network).withNetworkAliases(ALIAS), extraArgs);
      toxiproxy = new ToxiproxyContainer(DockerImageName.parse(TOXIPROXY_IMAGE)).withNetwork(network);
      toxiproxy.start();
      return new ToxiproxiedRedis(network, redis, toxiproxy);
    } catch (RuntimeException e) {
      if (toxiproxy != null) {
        toxiproxy.stop();
      }
      if (redis != null) {
        redis.close();
      }
      network.close();
      throw e;
    }
  }

  /** The proxy between clients and Redis, to add toxics to, disable or enable. */
  public Proxy proxy() {
    return proxy;
  }

  /** Removes every toxic and enables the proxy again (Toxiproxy's reset). */
  public void reset() {
    try {
      client.reset();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reset Toxiproxy", e);
    }
  }

  /** A raw client to Redis around the proxy, which no toxic reaches; the caller closes it. */
  public RespClient directClient() {
    return redis.client(0);
  }

  /** {@code redis://host:port} of the proxy. */
  @Override
  public String uri() {
    return "redis://" + nodes().get(0);
  }

  /** The proxy's address: the one node clients see. */
  @Override
  public List<String> nodes() {
    return List.of(toxiproxy.getHost() + ":" + toxiproxy.getMappedPort(LISTEN_PORT));
  }

  @Override
  public boolean isCluster() {
    return false;
  }

  /** Empties Redis around the proxy, so it works whatever toxics are on. */
  @Override
  public void flushAll() {
    redis.flushAll();
  }

  @Override
  public void close() {
    try {
      toxiproxy.stop();
    } finally {
      redis.close();
      network.close();
    }
  }
}
