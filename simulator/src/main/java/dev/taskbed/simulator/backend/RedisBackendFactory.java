package dev.taskbed.simulator.backend;

import dev.taskbed.redis.RedisBroker;
import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.simulator.fault.Toxiproxy;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The Redis backends ({@code JedisBroker}, {@code RedissonBroker}), in real time. Before anything else the factory checks that
 * Redis answers {@code PING} at the given URI, so an unreachable Redis is reported as such, with
 * the URI, instead of as a stream of driver errors from worker threads.
 *
 * <p>With a Toxiproxy API ({@code --toxiproxy}) the broker connects through a proxy the factory
 * creates (listening on a port Toxiproxy picks on 127.0.0.1), so the proxy fault kinds can cut or
 * slow its connections; the observer keeps a direct connection.
 */
public final class RedisBackendFactory implements BackendFactory {
  private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
  /** The name of the clients' proxy on the Toxiproxy server. */
  static final String PROXY_NAME = "taskbed-simulator";

  private final RedisDriver driver;

  public RedisBackendFactory(RedisDriver driver) {
    this.driver = driver;
  }

  @Override
  public String name() {
    return driver.backendName();
  }

  @Override
  public boolean supportsVirtualTime() {
    return false;
  }

  @Override
  public Backend open(BackendOptions options) {
    URI uri = options.redisUri();
    if (uri == null) {
      throw new BackendUnavailableException("backend " + name() + " needs --redis redis://host:port");
    }
    if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new BackendUnavailableException("invalid --redis \"" + uri + "\": expected redis://host:port");
    }
    ping(uri);
    return openBroker(uri, options);
  }

  /** Sends {@code PING} and expects {@code +PONG} (or an auth error, which still proves Redis is there). */
  static void ping(URI uri) {
    int port = uri.getPort() < 0 ? 6379 : uri.getPort();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), CONNECT_TIMEOUT_MILLIS);
      socket.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[64];
      int n = in.read(reply);
      String text = n <= 0 ? "" : new String(reply, 0, n, StandardCharsets.US_ASCII);
      if (!text.startsWith("+PONG") && !text.startsWith("-NOAUTH") && !text.startsWith("-ERR")) {
        throw new BackendUnavailableException("Redis at " + uri + " did not answer PING (got \""
            + text.strip() + "\"); is it a Redis server?");
      }
    } catch (IOException e) {
      throw new BackendUnavailableException("cannot reach Redis at " + uri + ": " + e.getMessage(), e);
    }
  }

  private Backend openBroker(URI uri, BackendOptions options) {
    Proxy network = null;
    URI target = uri;
    if (options.toxiproxyUri() != null) {
      String upstream = uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
      network = createProxy(options.toxiproxyUri(), upstream);
      target = withAddress(uri, network.getListen());
    }
    RedisBroker broker;
    RedisBroker admin;
    try {
      broker = driver.open(RedisBrokerConfig.standalone(target.toString()).build());
      // The observer (sampling, pausing queues, the final read) talks to Redis directly, so cutting
      // the clients' connections does not blind the run to what happens meanwhile.
      admin = network == null ? broker : driver.open(RedisBrokerConfig.standalone(uri.toString()).build());
    } catch (RuntimeException e) {
      if (network != null) {
        deleteQuietly(network);
      }
      throw new BackendUnavailableException("cannot open " + name() + " on " + uri + ": " + e.getMessage(), e);
    }
    String server = broker.serverReport()
        .map(r -> ", Redis " + r.version() + ", appendonly " + (r.appendOnly() ? "yes" : "no")
            + ", loss window: " + r.lossWindow())
        .orElse("");
    String description = name() + " " + uri + (network != null ? " via Toxiproxy " + network.getListen() : "")
        + " (Redis time" + server + ")";
    return new Backend(name(), description, broker, admin, network);
  }

  /** A proxy named {@link #PROXY_NAME} in front of {@code upstream} ("host:port"), replacing a leftover of a crashed run. */
  private static Proxy createProxy(URI api, String upstream) {
    if (api.getHost() == null || api.getPort() < 0) {
      throw new BackendUnavailableException("invalid --toxiproxy \"" + api + "\": expected http://host:port");
    }
    ToxiproxyClient client = Toxiproxy.client(api.getHost(), api.getPort());
    try {
      Proxy leftover = client.getProxyOrNull(PROXY_NAME);
      if (leftover != null) {
        leftover.delete();
      }
      return client.createProxy(PROXY_NAME, "127.0.0.1:0", upstream);
    } catch (IOException | RuntimeException e) {
      throw new BackendUnavailableException("cannot create a proxy on Toxiproxy at " + api + ": "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
  }

  private static void deleteQuietly(Proxy proxy) {
    try {
      proxy.delete();
    } catch (IOException e) {
      // best effort: the next run replaces it
    }
  }

  /** {@code uri} with its host and port replaced by {@code hostPort}, keeping user, password and database. */
  private static URI withAddress(URI uri, String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    try {
      return new URI(uri.getScheme(), uri.getUserInfo(), hostPort.substring(0, colon),
          Integer.parseInt(hostPort.substring(colon + 1)), uri.getPath(), null, null);
    } catch (java.net.URISyntaxException e) {
      throw new BackendUnavailableException("cannot build a Redis URI for the proxy at " + hostPort, e);
    }
  }
}
