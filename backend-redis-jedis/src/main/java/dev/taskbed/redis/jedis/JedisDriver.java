package dev.taskbed.redis.jedis;

import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisDriver;
import dev.taskbed.redis.RedisDriverException;
import dev.taskbed.redis.ScriptCall;
import dev.taskbed.redis.WaitedReplies;
import dev.taskbed.spi.Subscription;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * {@link RedisDriver} on Jedis's own clients: {@link RedisClient} (standalone),
 * {@link RedisSentinelClient} and {@link RedisClusterClient}, which handle pooling, Sentinel
 * failover and cluster redirections. This class only maps calls and exceptions.
 */
final class JedisDriver implements RedisDriver {
  private static final Logger log = LoggerFactory.getLogger(JedisDriver.class);
  /** A subscription pings this often, and gives up on a silent connection after 3 missed pongs. */
  private static final int PUBSUB_PING_SECONDS = 5;

  private final RedisBrokerConfig config;
  private final JedisClientConfig clientConfig;
  private final UnifiedJedis client;
  private final String description;
  private volatile boolean closed;

  JedisDriver(RedisBrokerConfig config) {
    this.config = config;
    this.clientConfig = clientConfig(config, config.socketTimeout());
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(config.poolSize());
    pool.setMaxIdle(config.poolSize());
    pool.setMinIdle(0);
    pool.setMaxWait(config.connectTimeout());
    pool.setJmxEnabled(false);
    this.description = config.toString();
    try {
      switch (config.mode()) {
        case STANDALONE:
          this.client = RedisClient.builder()
              .hostAndPort(config.uri().getHost(), config.uri().getPort() < 0 ? 6379 : config.uri().getPort())
              .clientConfig(clientConfig).poolConfig(pool).build();
          break;
        case SENTINEL:
          this.client = RedisSentinelClient.builder()
              .masterName(config.masterName())
              .sentinels(hostPorts(config.nodes()))
              .sentinelClientConfig(DefaultJedisClientConfig.builder()
                  .connectionTimeoutMillis((int) config.connectTimeout().toMillis())
                  .socketTimeoutMillis((int) config.socketTimeout().toMillis()).build())
              .clientConfig(clientConfig).poolConfig(pool).build();
          break;
        default:
          this.client = RedisClusterClient.builder()
              .nodes(hostPorts(config.nodes()))
              .clientConfig(clientConfig).poolConfig(pool).build();
      }
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  private static JedisClientConfig clientConfig(RedisBrokerConfig c, java.time.Duration socketTimeout) {
    DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis((int) c.connectTimeout().toMillis())
        .socketTimeoutMillis((int) socketTimeout.toMillis())
        .ssl(c.ssl())
        .clientName("taskbed");
    if (c.user() != null) {
      b.user(c.user());
    }
    if (c.password() != null) {
      b.password(c.password());
    }
    if (c.mode() != RedisBrokerConfig.Mode.CLUSTER) {
      b.database(c.database());
    }
    if (c.addressMapper() != null) {
      java.util.function.UnaryOperator<String> mapper = c.addressMapper();
      b.hostAndPortMapper(announced -> HostAndPort.from(mapper.apply(announced.toString())));
    }
    return b.build();
  }

  private static Set<HostAndPort> hostPorts(List<String> nodes) {
    return nodes.stream().map(HostAndPort::from).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
  }

  // ---------------------------------------------------------------- scripts

  @Override
  public Object evalSha(String sha, List<byte[]> keys, List<byte[]> args) {
    try {
      return client.evalsha(ascii(sha), keys, args);
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Object eval(byte[] script, List<byte[]> keys, List<byte[]> args) {
    try {
      return client.eval(script, keys, args);
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public List<Object> evalShaPipelined(List<ScriptCall> calls) {
    List<Response<Object>> responses = new ArrayList<>(calls.size());
    try (AbstractPipeline p = client.pipelined()) {
      for (ScriptCall c : calls) {
        responses.add(p.evalsha(ascii(c.sha()), c.keys(), c.args()));
      }
      p.sync();
    } catch (RuntimeException e) {
      throw translate(e);
    }
    List<Object> out = new ArrayList<>(responses.size());
    for (Response<Object> r : responses) {
      try {
        out.add(r.get());
      } catch (RuntimeException e) {
        out.add(translate(e));
      }
    }
    return out;
  }

  @Override
  public WaitedReplies evalAndWait(List<ScriptCall> calls, int replicas, long timeoutMillis) {
    List<Response<Object>> responses = new ArrayList<>(calls.size());
    Response<Long> waited;
    try (Pipeline p = pipelineTo(calls.get(0).keys().get(0))) {
      for (ScriptCall c : calls) {
        responses.add(c.body() != null ? p.eval(c.body(), c.keys(), c.args()) : p.evalsha(ascii(c.sha()), c.keys(), c.args()));
      }
      waited = p.waitReplicas(replicas, timeoutMillis);
      p.sync();
    } catch (RuntimeException e) {
      throw translate(e);
    }
    List<Object> out = new ArrayList<>(responses.size());
    for (Response<Object> r : responses) {
      try {
        out.add(r.get());
      } catch (RuntimeException e) {
        out.add(translate(e));
      }
    }
    long reached;
    try {
      reached = waited.get();
    } catch (RuntimeException e) {
      reached = WaitedReplies.UNKNOWN;
    }
    return new WaitedReplies(out, reached);
  }

  /**
   * A pipeline on one connection to the node that owns {@code key}'s slot: the pool's connection
   * for a standalone or Sentinel client, the slot owner's for a cluster client (a stale slot map
   * shows up as a {@code MOVED} reply, which the broker retries).
   */
  private Pipeline pipelineTo(byte[] key) {
    if (client instanceof RedisClusterClient) {
      return new Pipeline(((RedisClusterClient) client).getConnectionFromSlot(JedisClusterCRC16.getSlot(key)), true);
    }
    return (Pipeline) client.pipelined();
  }

  // ---------------------------------------------------------------- plain commands

  @Override
  public long sadd(byte[] key, byte[] member) {
    try {
      return client.sadd(key, member);
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public List<byte[]> smembers(byte[] key) {
    try {
      return new ArrayList<>(client.smembers(key));
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void hset(byte[] key, byte[] field, byte[] value) {
    try {
      client.hset(key, field, value);
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public void hdel(byte[] key, byte[] field) {
    try {
      client.hdel(key, field);
    } catch (RuntimeException e) {
      throw translate(e);
    }
  }

  @Override
  public Map<String, String> info(String section) {
    return perNode(c -> c.executeCommand(new CommandObject<>(
        new CommandArguments(Protocol.Command.INFO).add(section), BuilderFactory.STRING)));
  }

  @Override
  public Map<String, String> configGet(String parameter) {
    return perNode(c -> {
      try {
        List<String> kv = c.executeCommand(new CommandObject<>(
            new CommandArguments(Protocol.Command.CONFIG).add("GET").add(parameter), BuilderFactory.STRING_LIST));
        return kv.size() >= 2 ? kv.get(1) : null;
      } catch (JedisDataException e) {
        return null; // CONFIG renamed or disabled (managed Redis)
      }
    });
  }

  /** Runs a command on every node: the one server, the current Sentinel primary, or each cluster node. */
  private Map<String, String> perNode(Function<Connection, String> command) {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      if (client instanceof RedisClusterClient) {
        for (Map.Entry<String, ConnectionPool> e : ((RedisClusterClient) client).getClusterNodes().entrySet()) {
          try (Connection c = e.getValue().getResource()) {
            out.put(e.getKey(), command.apply(c));
          }
        }
      } else {
        HostAndPort node = node();
        try (Connection c = new Connection(node, clientConfig)) {
          out.put(node.toString(), command.apply(c));
        }
      }
    } catch (RuntimeException e) {
      throw translate(e);
    }
    return out;
  }

  /** The server a standalone or Sentinel client talks to. */
  private HostAndPort node() {
    if (client instanceof RedisSentinelClient) {
      return ((RedisSentinelClient) client).getCurrentMaster();
    }
    return new HostAndPort(config.uri().getHost(), config.uri().getPort() < 0 ? 6379 : config.uri().getPort());
  }

  /** A node to subscribe on: in a cluster, PUBLISH reaches every node, so any one will do. */
  private List<HostAndPort> subscriptionNodes() {
    if (client instanceof RedisClusterClient) {
      List<HostAndPort> nodes = ((RedisClusterClient) client).getClusterNodes().keySet().stream()
          .map(HostAndPort::from).collect(Collectors.toCollection(ArrayList::new));
      Collections.shuffle(nodes);
      return nodes;
    }
    return List.of(node());
  }

  // ---------------------------------------------------------------- pub/sub

  @Override
  public Subscription psubscribe(byte[] pattern, BiConsumer<byte[], byte[]> onMessage, Runnable onSubscribed) {
    HintSubscriber s = new HintSubscriber(pattern, onMessage, onSubscribed);
    s.thread.start();
    return s::close;
  }

  /** One dedicated connection (not from the pool) that is re-established with backoff when it breaks. */
  private final class HintSubscriber {
    final Thread thread;
    final byte[] pattern;
    final BiConsumer<byte[], byte[]> onMessage;
    final Runnable onSubscribed;
    final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "taskbed-jedis-hint-ping");
      t.setDaemon(true);
      return t;
    });
    volatile boolean stopped;
    volatile Connection connection;
    volatile BinaryJedisPubSub pubSub;

    HintSubscriber(byte[] pattern, BiConsumer<byte[], byte[]> onMessage, Runnable onSubscribed) {
      this.pattern = pattern;
      this.onMessage = onMessage;
      this.onSubscribed = onSubscribed;
      this.thread = new Thread(this::loop, "taskbed-jedis-hints");
      this.thread.setDaemon(true);
      pinger.scheduleWithFixedDelay(this::ping, PUBSUB_PING_SECONDS, PUBSUB_PING_SECONDS, TimeUnit.SECONDS);
    }

    void loop() {
      JedisClientConfig subscriberConfig = clientConfig(config, java.time.Duration.ofSeconds(3L * PUBSUB_PING_SECONDS));
      long backoff = 50;
      while (!stopped && !closed) {
        for (HostAndPort node : safeNodes()) {
          if (stopped || closed) {
            break;
          }
          try (Connection c = new Connection(node, subscriberConfig)) {
            connection = c;
            BinaryJedisPubSub ps = new BinaryJedisPubSub() {
              @Override
              public void onPMessage(byte[] p, byte[] channel, byte[] message) {
                onMessage.accept(channel, message);
              }

              @Override
              public void onPSubscribe(byte[] p, int count) {
                onSubscribed.run();
              }
            };
            pubSub = ps;
            backoff = 50;
            ps.proceedWithPatterns(c, pattern);
          } catch (RuntimeException e) {
            if (!stopped && !closed) {
              log.debug("hint subscription on {} broke; resubscribing: {}", node, e.toString());
            }
          } finally {
            connection = null;
            pubSub = null;
          }
        }
        if (stopped || closed) {
          break;
        }
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException e) {
          return;
        }
        backoff = Math.min(2_000, backoff * 2);
      }
    }

    private List<HostAndPort> safeNodes() {
      try {
        return subscriptionNodes();
      } catch (RuntimeException e) {
        return List.of();
      }
    }

    void ping() {
      BinaryJedisPubSub ps = pubSub;
      if (ps != null && ps.isSubscribed()) {
        try {
          ps.ping();
        } catch (RuntimeException e) {
          Connection c = connection;
          if (c != null) {
            c.close();
          }
        }
      }
    }

    void close() {
      stopped = true;
      pinger.shutdownNow();
      BinaryJedisPubSub ps = pubSub;
      try {
        if (ps != null && ps.isSubscribed()) {
          ps.punsubscribe();
        }
      } catch (RuntimeException e) {
        // the connection is going away anyway
      }
      Connection c = connection;
      if (c != null) {
        c.close();
      }
      thread.interrupt();
    }
  }

  // ---------------------------------------------------------------- exceptions

  /** Maps a Jedis (or pool) exception to the driver's one exception type. */
  static RedisDriverException translate(RuntimeException e) {
    if (e instanceof RedisDriverException) {
      return (RedisDriverException) e;
    }
    if (e instanceof JedisDataException) {
      return RedisDriverException.serverError(e.getMessage(), e);
    }
    for (Throwable s : e.getSuppressed()) {
      // a cluster client that exhausted its attempts on error replies (e.g. TRYAGAIN, CLUSTERDOWN)
      if (s instanceof JedisDataException && !(s.getCause() instanceof SocketException)) {
        return RedisDriverException.serverError(s.getMessage(), e);
      }
    }
    return RedisDriverException.connectionFailure(maybeSent(e), e.toString(), e);
  }

  /**
   * Whether a failed command may have reached Redis. Only failures to obtain a connection (refused,
   * unresolvable, pool exhausted, connect timeout) prove it did not; any failure on an established
   * connection (read timeout, reset, end of stream) leaves it in doubt.
   */
  static boolean maybeSent(Throwable e) {
    boolean connectFailure = false;
    for (Throwable t : causes(e)) {
      String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
          || t instanceof NoSuchElementException
          || (t instanceof SocketTimeoutException && m.contains("connect"))
          || m.contains("could not get a resource") || m.contains("failed to connect")
          || m.contains("failed to create socket")) {
        connectFailure = true;
      } else if (t instanceof SocketTimeoutException || t instanceof SocketException || t instanceof EOFException
          || m.contains("unexpected end of stream") || m.contains("read timed out")) {
        return true;
      }
    }
    return !connectFailure;
  }

  private static List<Throwable> causes(Throwable e) {
    List<Throwable> out = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> todo = new ArrayList<>(List.of(e));
    while (!todo.isEmpty() && out.size() < 64) {
      Throwable t = todo.remove(todo.size() - 1);
      if (t == null || !seen.add(t)) {
        continue;
      }
      out.add(t);
      todo.add(t.getCause());
      todo.addAll(List.of(t.getSuppressed()));
    }
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      client.close();
    } catch (RuntimeException e) {
      log.debug("closing the Jedis client failed", e);
    }
  }
}
