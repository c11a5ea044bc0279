package dev.taskbed.redis.redisson;

import dev.taskbed.redis.RedisBrokerConfig;
import dev.taskbed.redis.RedisDriver;
import dev.taskbed.redis.RedisDriverException;
import dev.taskbed.redis.ScriptCall;
import dev.taskbed.redis.WaitedReplies;
import dev.taskbed.spi.Subscription;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.redisson.api.BatchOptions;
import org.redisson.api.BatchResult;
import org.redisson.api.RBatch;
import org.redisson.api.RFuture;
import org.redisson.api.RScript;
import org.redisson.api.RScriptAsync;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodeAsync;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.ByteArrayCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RedisDriver} on a {@link RedissonClient}: scripts through {@link RScript} with
 * {@link ByteArrayCodec} (so arguments go out and bulk replies come back as raw bytes, exactly as the
 * shared reply model wants), pipelines through {@link RBatch}, the wake-up pattern through
 * {@link HintSubscription}, server checks through Redisson's node API. Redisson handles pooling,
 * Sentinel failover and cluster redirections; this class only maps calls, replies and exceptions.
 *
 * <p>Every call is made asynchronously and awaited with a bound ({@link RedissonConfigs.Profile#callBoundMillis}),
 * so a caller is never stuck on a future that does not complete.
 */
final class RedissonDriver implements RedisDriver {
  private static final Logger log = LoggerFactory.getLogger(RedissonDriver.class);

  private final RedissonClient client;
  private final boolean ownsClient;
  private final RedissonConfigs.Profile profile;
  private final RedissonExceptions errors;
  private final RScript script;
  private final ScheduledExecutorService hintRetries;
  private volatile boolean closed;

  /**
   * @param client the client to use
   * @param ownsClient whether {@link #close()} shuts the client down (only when the broker built it)
   * @param profile what the driver knows about the client's configuration
   */
  RedissonDriver(RedissonClient client, boolean ownsClient, RedissonConfigs.Profile profile) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.profile = profile;
    this.errors = new RedissonExceptions(profile.retryAttempts() > 0);
    this.script = client.getScript(ByteArrayCodec.INSTANCE);
    this.hintRetries = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "taskbed-redisson-hints");
      t.setDaemon(true);
      return t;
    });
  }

  // ---------------------------------------------------------------- scripts

  @Override
  public Object evalSha(String sha, List<byte[]> keys, List<byte[]> args) {
    return normalize(await(() -> script.evalShaAsync(routingKey(keys), RScript.Mode.READ_WRITE, sha, RScript.ReturnType.VALUE,
        new ArrayList<>(keys), args.toArray())));
  }

  @Override
  public Object eval(byte[] body, List<byte[]> keys, List<byte[]> args) {
    return normalize(await(() -> script.evalAsync(routingKey(keys), RScript.Mode.READ_WRITE,
        new String(body, StandardCharsets.UTF_8), RScript.ReturnType.VALUE, new ArrayList<>(keys), args.toArray())));
  }

  /**
   * One {@link RBatch} per run of consecutive calls on one hash slot in a cluster (one batch for all
   * calls on a single server), sent one after the other. Why not one batch for everything: when a
   * call in a multi-node batch gets an error reply, Redisson fails the calls still waiting on the
   * other nodes with that same error, although they were sent and may have run; a batch that stays
   * on one node settles every call from its own reply first. Running the batches in order also keeps
   * the interface's promise that calls to one node run in list order.
   */
  @Override
  public List<Object> evalShaPipelined(List<ScriptCall> calls) {
    List<Object> out = new ArrayList<>(calls.size());
    int from = 0;
    boolean anySent = false;
    while (from < calls.size()) {
      int to = from + 1;
      if (isCluster()) {
        String tag = hashTag(calls.get(from).keys().get(0));
        while (to < calls.size() && tag.equals(hashTag(calls.get(to).keys().get(0)))) {
          to++;
        }
      } else {
        to = calls.size();
      }
      try {
        out.addAll(batch(calls.subList(from, to)));
      } catch (RedisDriverException e) {
        if (anySent && !e.maybeSent()) {
          // earlier batches were applied: the pipeline as a whole has partly run
          throw RedisDriverException.connectionFailure(true, e.getMessage(), e);
        }
        throw e;
      }
      anySent = true;
      from = to;
    }
    return out;
  }

  private List<Object> batch(List<ScriptCall> calls) {
    RBatch batch;
    List<RFuture<Object>> replies = new ArrayList<>(calls.size());
    try {
      batch = client.createBatch(BatchOptions.defaults()
          .executionMode(BatchOptions.ExecutionMode.IN_MEMORY)
          .retryAttempts(0)
          .responseTimeout(profile.responseTimeoutMillis(), TimeUnit.MILLISECONDS));
      RScriptAsync s = batch.getScript(ByteArrayCodec.INSTANCE);
      for (ScriptCall c : calls) {
        replies.add(s.evalShaAsync(routingKey(c.keys()), RScript.Mode.READ_WRITE, c.sha(), RScript.ReturnType.VALUE,
            new ArrayList<>(c.keys()), c.args().toArray()));
      }
    } catch (RuntimeException e) {
      throw errors.translate(e); // nothing is sent before execute
    }
    RedisDriverException whole = null;
    try {
      await(batch::executeAsync);
    } catch (RedisDriverException e) {
      whole = e;
    }
    return replies(replies, whole, "pipeline");
  }

  /**
   * Each call's reply, or its error reply as a {@link RedisDriverException}. An error reply to one
   * call fails the whole batch ({@code whole}), and the calls' own futures tell which; a call
   * without a reply, or with a connection error, means the batch as a whole failed in transit.
   */
  private List<Object> replies(List<RFuture<Object>> replies, RedisDriverException whole, String what) {
    List<Object> out = new ArrayList<>(replies.size());
    for (RFuture<Object> f : replies) {
      CompletableFuture<Object> cf = f.toCompletableFuture();
      if (cf.isDone() && !cf.isCompletedExceptionally()) {
        out.add(normalize(cf.getNow(null)));
        continue;
      }
      RedisDriverException e = cf.isDone() ? errors.translate(failureOf(cf)) : null;
      if (e == null || e.kind() == RedisDriverException.Kind.CONNECTION) {
        throw whole != null && whole.kind() == RedisDriverException.Kind.CONNECTION ? whole
            : RedisDriverException.connectionFailure(true, what + " failed: " + (whole == null ? "?" : whole.getMessage()),
                whole);
      }
      out.add(e);
    }
    return out;
  }

  /**
   * One {@link RBatch} with {@link BatchOptions#sync}: Redisson sends the calls and then
   * {@code WAIT} on one connection to the slot's node and reports WAIT's count as
   * {@link BatchResult#getSyncedSlaves()}. When a call gets an error reply Redisson fails the
   * batch, and the count is not known.
   */
  @Override
  public WaitedReplies evalAndWait(List<ScriptCall> calls, int replicas, long timeoutMillis) {
    RBatch batch;
    List<RFuture<Object>> replies = new ArrayList<>(calls.size());
    try {
      batch = client.createBatch(BatchOptions.defaults()
          .executionMode(BatchOptions.ExecutionMode.IN_MEMORY)
          .retryAttempts(0)
          .responseTimeout(profile.responseTimeoutMillis(), TimeUnit.MILLISECONDS)
          .sync(replicas, Duration.ofMillis(timeoutMillis)));
      RScriptAsync s = batch.getScript(ByteArrayCodec.INSTANCE);
      for (ScriptCall c : calls) {
        replies.add(c.body() != null
            ? s.evalAsync(routingKey(c.keys()), RScript.Mode.READ_WRITE, new String(c.body(), StandardCharsets.UTF_8),
                RScript.ReturnType.VALUE, new ArrayList<>(c.keys()), c.args().toArray())
            : s.evalShaAsync(routingKey(c.keys()), RScript.Mode.READ_WRITE, c.sha(), RScript.ReturnType.VALUE,
                new ArrayList<>(c.keys()), c.args().toArray()));
      }
    } catch (RuntimeException e) {
      throw errors.translate(e); // nothing is sent before execute
    }
    long reached = WaitedReplies.UNKNOWN;
    RedisDriverException whole = null;
    try {
      BatchResult<?> result = await(batch::executeAsync, timeoutMillis);
      reached = result.getSyncedSlaves();
    } catch (RedisDriverException e) {
      whole = e;
    }
    return new WaitedReplies(replies(replies, whole, "batch"), reached);
  }

  private static Throwable failureOf(CompletableFuture<?> f) {
    try {
      f.join();
      return new IllegalStateException("not failed");
    } catch (RuntimeException e) {
      return e;
    }
  }

  // ---------------------------------------------------------------- plain commands

  @Override
  public long sadd(byte[] key, byte[] member) {
    Boolean added = await(() -> client.<byte[]>getSet(string(key), ByteArrayCodec.INSTANCE).addAsync(member));
    return Boolean.TRUE.equals(added) ? 1 : 0;
  }

  @Override
  public List<byte[]> smembers(byte[] key) {
    return new ArrayList<>(await(() -> client.<byte[]>getSet(string(key), ByteArrayCodec.INSTANCE).readAllAsync()));
  }

  @Override
  public void hset(byte[] key, byte[] field, byte[] value) {
    await(() -> client.<byte[], byte[]>getMap(string(key), ByteArrayCodec.INSTANCE).fastPutAsync(field, value));
  }

  @Override
  public void hdel(byte[] key, byte[] field) {
    await(() -> client.<byte[], byte[]>getMap(string(key), ByteArrayCodec.INSTANCE).fastRemoveAsync(field));
  }

  // ---------------------------------------------------------------- server checks

  @Override
  public Map<String, String> info(String section) {
    RedisNode.InfoSection s = RedisNode.InfoSection.valueOf(section.toUpperCase(Locale.ROOT));
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, RedisNodeAsync> n : primaries().entrySet()) {
      Map<String, String> fields = await(() -> n.getValue().infoAsync(s));
      StringBuilder text = new StringBuilder();
      fields.forEach((k, v) -> text.append(k).append(':').append(v).append("\r\n"));
      out.put(n.getKey(), text.toString());
    }
    return out;
  }

  @Override
  public Map<String, String> configGet(String parameter) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, RedisNodeAsync> n : primaries().entrySet()) {
      String value;
      try {
        value = await(() -> n.getValue().getConfigAsync(parameter)).get(parameter);
      } catch (RedisDriverException e) {
        if (e.kind() == RedisDriverException.Kind.CONNECTION) {
          throw e;
        }
        value = null; // CONFIG renamed or disabled (managed Redis)
      }
      out.put(n.getKey(), value);
    }
    return out;
  }

  /** The primaries, by address: the one server, the current Sentinel primary, or each cluster primary. */
  private Map<String, RedisNodeAsync> primaries() {
    Map<String, RedisNodeAsync> out = new LinkedHashMap<>();
    try {
      switch (profile.mode()) {
        case CLUSTER:
          client.getRedisNodes(RedisNodes.CLUSTER).getMasters().forEach(m -> out.put(address(m), m));
          break;
        case SENTINEL: {
          var m = client.getRedisNodes(RedisNodes.SENTINEL_MASTER_SLAVE).getMaster();
          out.put(address(m), m);
          break;
        }
        default: {
          var m = client.getRedisNodes(RedisNodes.SINGLE).getInstance();
          out.put(address(m), m);
        }
      }
    } catch (RuntimeException e) {
      throw errors.translate(e);
    }
    return out;
  }

  private static String address(RedisNode n) {
    return n.getAddr().getHostString() + ":" + n.getAddr().getPort();
  }

  private boolean isCluster() {
    return profile.mode() == RedisBrokerConfig.Mode.CLUSTER;
  }

  // ---------------------------------------------------------------- pub/sub

  @Override
  public Subscription psubscribe(byte[] pattern, BiConsumer<byte[], byte[]> onMessage, Runnable onSubscribed) {
    return new HintSubscription(client, string(pattern), onMessage, onSubscribed, hintRetries).start();
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Makes a Redisson call and waits for its future, translating every failure. The bound is a backstop only (see the
   * class comment): Redisson's own timeouts fire first.
   */
  private <T> T await(Supplier<RFuture<T>> call) {
    return await(call, 0);
  }

  /** {@link #await(Supplier)} for a call that may block on the server for up to {@code blockingMillis} more (WAIT). */
  private <T> T await(Supplier<RFuture<T>> call, long blockingMillis) {
    long bound = profile.callBoundMillis() + blockingMillis;
    if (closed) {
      throw RedisDriverException.connectionFailure(false, "the Redisson driver is closed", null);
    }
    CompletableFuture<T> f;
    try {
      // Some calls fail before returning a future, e.g. a lazily initialised client that cannot connect.
      f = call.get().toCompletableFuture();
    } catch (RuntimeException e) {
      throw errors.translate(e);
    }
    try {
      return f.get(bound, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw errors.translate(e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException e) {
      f.cancel(false);
      throw RedisDriverException.connectionFailure(true,
          "no reply from Redis within " + bound + " ms (" + profile.description() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw RedisDriverException.connectionFailure(true, "interrupted while waiting for Redis", e);
    } catch (RuntimeException e) {
      throw errors.translate(e);
    }
  }

  /**
   * Brings a Redisson reply into the shared reply model: status replies arrive as {@code String}
   * and become bytes; integers as {@code Long}; bulk strings as {@code byte[]} (the codec's); nested
   * arrays as lists.
   */
  static Object normalize(Object reply) {
    if (reply == null || reply instanceof byte[] || reply instanceof Long) {
      return reply;
    }
    if (reply instanceof String) {
      return ((String) reply).getBytes(StandardCharsets.UTF_8);
    }
    if (reply instanceof Integer) {
      return ((Integer) reply).longValue();
    }
    if (reply instanceof Boolean) {
      return (Boolean) reply ? 1L : null; // Lua true is 1, Lua false is nil
    }
    if (reply instanceof List) {
      List<?> in = (List<?>) reply;
      List<Object> out = new ArrayList<>(in.size());
      for (Object o : in) {
        out.add(normalize(o));
      }
      return out;
    }
    if (reply instanceof Object[]) {
      return normalize(Arrays.asList((Object[]) reply));
    }
    throw RedisDriverException.connectionFailure(true, "unexpected reply type " + reply.getClass().getName(), null);
  }

  /** The key Redisson routes a call by: any of its keys, as they all share one hash slot. */
  private static String routingKey(List<byte[]> keys) {
    return keys.isEmpty() ? null : string(keys.get(0));
  }

  /** The part of a key that picks its cluster slot: the first non-empty {@code {...}}, else the key. */
  static String hashTag(byte[] key) {
    String k = string(key);
    int open = k.indexOf('{');
    if (open >= 0) {
      int close = k.indexOf('}', open + 1);
      if (close > open + 1) {
        return k.substring(open + 1, close);
      }
    }
    return k;
  }

  private static String string(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Override
  public String describe() {
    return profile.description();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    hintRetries.shutdownNow();
    if (ownsClient) {
      try {
        client.shutdown();
      } catch (RuntimeException e) {
        log.debug("shutting down the Redisson client failed", e);
      }
    }
  }
}
