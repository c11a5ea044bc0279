package dev.taskbed.redis;

import dev.taskbed.InvalidOptionException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How a Redis broker connects, whichever driver it runs on ({@code JedisBroker.create(config)} or
 * {@code RedissonBroker.create(config)}, so switching drivers changes one word): a standalone server
 * by URI ({@code redis://} or {@code rediss://} for TLS, with optional {@code user:password@} and
 * {@code /db}), a Sentinel-managed primary, or a Redis Cluster; plus pool size, timeouts, address
 * mapping and the driver-independent {@link RedisBrokerSettings}. Immutable; build with
 * {@link #standalone(String)}, {@link #sentinel(String, List)} or {@link #cluster(List)}. Invalid
 * values fail with an {@link InvalidOptionException} naming the option.
 */
public final class RedisBrokerConfig {
  public static final int DEFAULT_POOL_SIZE = 16;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(2);

  /** The deployment shape. */
  public enum Mode { STANDALONE, SENTINEL, CLUSTER }

  private final Mode mode;
  private final URI uri;
  private final String masterName;
  private final List<String> nodes;
  private final String user;
  private final String password;
  private final boolean ssl;
  private final int database;
  private final int poolSize;
  private final Duration connectTimeout;
  private final Duration socketTimeout;
  private final RedisBrokerSettings settings;
  private final UnaryOperator<String> addressMapper;

  private RedisBrokerConfig(Builder b) {
    this.mode = b.mode;
    this.uri = b.uri;
    this.masterName = b.masterName;
    this.nodes = b.nodes;
    this.user = b.user;
    this.password = b.password;
    this.ssl = b.ssl;
    this.database = b.database;
    this.poolSize = b.poolSize;
    this.connectTimeout = b.connectTimeout;
    this.socketTimeout = b.socketTimeout;
    this.settings = b.settings;
    this.addressMapper = b.addressMapper;
  }

  /** A standalone server, e.g. {@code redis://127.0.0.1:6379}, {@code rediss://user:pw@host:6380/2}. */
  public static Builder standalone(String uri) {
    Builder b = new Builder(Mode.STANDALONE);
    URI u;
    try {
      u = new URI(Objects.requireNonNull(uri, "uri"));
    } catch (URISyntaxException e) {
      throw new InvalidOptionException("uri", uri, "not a URI: " + e.getMessage());
    }
    if (!"redis".equals(u.getScheme()) && !"rediss".equals(u.getScheme())) {
      throw new InvalidOptionException("uri", uri, "scheme must be redis:// or rediss://");
    }
    if (u.getHost() == null) {
      throw new InvalidOptionException("uri", uri, "has no host");
    }
    b.uri = u;
    b.ssl = "rediss".equals(u.getScheme());
    if (u.getUserInfo() != null) {
      String info = u.getUserInfo();
      int colon = info.indexOf(':');
      if (colon < 0) {
        b.password = info;
      } else {
        b.user = info.substring(0, colon).isEmpty() ? null : info.substring(0, colon);
        b.password = info.substring(colon + 1);
      }
    }
    String path = u.getPath();
    if (path != null && path.length() > 1) {
      try {
        b.database = Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        throw new InvalidOptionException("uri", uri, "database must be a number: " + path);
      }
    }
    return b;
  }

  /** The primary {@code masterName} found through Sentinels at {@code sentinels} ("host:port" each). */
  public static Builder sentinel(String masterName, List<String> sentinels) {
    if (masterName == null || masterName.isBlank()) {
      throw new InvalidOptionException("masterName", masterName, "must not be blank");
    }
    Builder b = new Builder(Mode.SENTINEL);
    b.masterName = masterName;
    b.nodes = hostPorts("sentinels", sentinels);
    return b;
  }

  /** A Redis Cluster reached through any of {@code nodes} ("host:port" each). */
  public static Builder cluster(List<String> nodes) {
    Builder b = new Builder(Mode.CLUSTER);
    b.nodes = hostPorts("nodes", nodes);
    return b;
  }

  private static List<String> hostPorts(String option, List<String> nodes) {
    if (nodes == null || nodes.isEmpty()) {
      throw new InvalidOptionException(option, nodes, "must list at least one host:port");
    }
    for (String n : nodes) {
      int colon = n == null ? -1 : n.lastIndexOf(':');
      boolean ok = colon > 0;
      if (ok) {
        try {
          int port = Integer.parseInt(n.substring(colon + 1));
          ok = port > 0 && port < 65536;
        } catch (NumberFormatException e) {
          ok = false;
        }
      }
      if (!ok) {
        throw new InvalidOptionException(option, n, "must be host:port");
      }
    }
    return List.copyOf(nodes);
  }

  public Mode mode() {
    return mode;
  }

  /** The standalone server's URI; {@code null} in other modes. */
  public URI uri() {
    return uri;
  }

  /** The Sentinel master name; {@code null} in other modes. */
  public String masterName() {
    return masterName;
  }

  /** Sentinel or cluster seed nodes as "host:port"; empty for standalone. */
  public List<String> nodes() {
    return nodes;
  }

  /** ACL user; {@code null} for the default user. */
  public String user() {
    return user;
  }

  /** Password; {@code null} for none. */
  public String password() {
    return password;
  }

  /** TLS ({@code rediss://} or {@link Builder#ssl(boolean)}); default off. */
  public boolean ssl() {
    return ssl;
  }

  /** Database index (standalone and Sentinel only); default 0. */
  public int database() {
    return database;
  }

  /** Connections per node (Jedis) or per primary (Redisson); default {@value #DEFAULT_POOL_SIZE}. */
  public int poolSize() {
    return poolSize;
  }

  /** Time to establish a connection; default 2 s. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Time to wait for a reply (Redisson calls it {@code timeout}); default 2 s. */
  public Duration socketTimeout() {
    return socketTimeout;
  }

  /** Time, policy and retry settings shared with the other Redis backend. */
  public RedisBrokerSettings settings() {
    return settings;
  }

  /**
   * Maps a Redis node address ("host:port") to the address this client connects to; {@code null}
   * (the default) connects to addresses as given (Redisson applies it as its {@code NatMapper}). For clients that reach Redis through NAT or port
   * mapping: a Sentinel announces the primary, and a cluster its nodes, at addresses only reachable
   * from where Redis runs.
   */
  public UnaryOperator<String> addressMapper() {
    return addressMapper;
  }

  @Override
  public String toString() {
    switch (mode) {
      case STANDALONE:
        return "standalone " + uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort())
            + (database != 0 ? "/" + database : "");
      case SENTINEL:
        return "sentinel master " + masterName + " via " + nodes;
      default:
        return "cluster via " + nodes;
    }
  }

  /** Builds a {@link RedisBrokerConfig}; setters validate and name the option they reject. */
  public static final class Builder {
    private final Mode mode;
    private URI uri;
    private String masterName;
    private List<String> nodes = List.of();
    private String user;
    private String password;
    private boolean ssl;
    private int database;
    private int poolSize = DEFAULT_POOL_SIZE;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;
    private RedisBrokerSettings settings = RedisBrokerSettings.defaults();
    private UnaryOperator<String> addressMapper;

    private Builder(Mode mode) {
      this.mode = mode;
    }

    public Builder user(String user) {
      this.user = user;
      return this;
    }

    public Builder password(String password) {
      this.password = password;
      return this;
    }

    public Builder ssl(boolean ssl) {
      this.ssl = ssl;
      return this;
    }

    public Builder database(int database) {
      if (database < 0) {
        throw new InvalidOptionException("database", database, "must be >= 0");
      }
      this.database = database;
      return this;
    }

    public Builder poolSize(int poolSize) {
      if (poolSize < 1) {
        throw new InvalidOptionException("poolSize", poolSize, "must be >= 1");
      }
      this.poolSize = poolSize;
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positiveMillis("connectTimeout", d);
      return this;
    }

    public Builder socketTimeout(Duration d) {
      this.socketTimeout = positiveMillis("socketTimeout", d);
      return this;
    }

    public Builder settings(RedisBrokerSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /** See {@link RedisBrokerConfig#addressMapper()}; {@code null} for none. */
    public Builder addressMapper(UnaryOperator<String> mapper) {
      this.addressMapper = mapper;
      return this;
    }

    private static Duration positiveMillis(String option, Duration d) {
      if (d == null || d.toMillis() < 1 || d.toMillis() > Integer.MAX_VALUE) {
        throw new InvalidOptionException(option, d, "must be between 1 ms and 24 days");
      }
      return d;
    }

    public RedisBrokerConfig build() {
      if (mode == Mode.CLUSTER && database != 0) {
        throw new InvalidOptionException("database", database, "Redis Cluster has only database 0");
      }
      if (settings.replicaAcks() > 0 && settings.replicaAckTimeout().compareTo(socketTimeout) >= 0) {
        // WAIT blocks for up to its timeout; a shorter read timeout would cut every slow WAIT short.
        throw new InvalidOptionException("replicaAckTimeout", settings.replicaAckTimeout(),
            "must be shorter than socketTimeout " + socketTimeout);
      }
      return new RedisBrokerConfig(this);
    }
  }
}
