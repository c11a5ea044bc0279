package dev.taskbed.redis;

import dev.taskbed.spi.Subscription;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The few Redis operations {@link RedisBroker} needs, implemented once per client library
 * (Jedis, Redisson). Everything else (scripts, encoding, retries, exception translation, start-up
 * checks) is shared and lives above this interface, so a driver is a thin adapter.
 *
 * <h2>Replies</h2>
 *
 * Replies are plain Java objects: integer → {@link Long}; bulk or status string → {@code byte[]};
 * array → {@code List<Object>} of the same; nil → {@code null}. A script's Lua {@code false} arrives
 * as nil.
 *
 * <h2>Failures</h2>
 *
 * Every method throws only {@link RedisDriverException}, never the client library's own types:
 * {@link RedisDriverException#serverError} for an error reply (its text starts with the Redis error
 * code, e.g. {@code NOSCRIPT}, {@code OOM}, {@code READONLY}, {@code MOVED}), or
 * {@link RedisDriverException#connectionFailure} saying whether the command may have reached Redis.
 * A driver does not retry on its own beyond what the client library does for routing (cluster
 * redirections); the broker decides about retries.
 *
 * <h2>Routing</h2>
 *
 * All keys of one {@link ScriptCall} share a hash tag, so in a cluster a call goes to the node
 * owning that slot. Implementations are thread-safe.
 */
public interface RedisDriver extends AutoCloseable {

  /** {@code EVALSHA sha numkeys keys... args...}. */
  Object evalSha(String sha, List<byte[]> keys, List<byte[]> args);

  /** {@code EVAL script numkeys keys... args...}; also caches the script on the node that ran it. */
  Object eval(byte[] script, List<byte[]> keys, List<byte[]> args);

  /**
   * Sends many {@code EVALSHA} calls pipelined (per node in a cluster) and returns one entry per
   * call, in order: its reply, or a {@link RedisDriverException} for an error reply to that call.
   * Calls to one node are executed in list order.
   *
   * @throws RedisDriverException when the pipeline as a whole failed (connection); then any call
   *     may or may not have run, as {@link RedisDriverException#maybeSent()} tells
   */
  List<Object> evalShaPipelined(List<ScriptCall> calls);

  /**
   * Sends {@code calls} (all keys in one hash slot) in order on <em>one</em> connection to the node
   * that owns the slot, followed on that same connection by {@code WAIT replicas timeoutMillis},
   * pipelined, and returns each call's reply and {@code WAIT}'s count. {@code WAIT} counts the
   * replicas that acknowledged every write this connection made, so it must not travel on another
   * connection than the calls. A call with a {@link ScriptCall#body()} is sent as {@code EVAL}.
   * The connection's read timeout must allow for {@code timeoutMillis}.
   *
   * @throws RedisDriverException when the exchange as a whole failed (connection); then any call
   *     may or may not have run, as {@link RedisDriverException#maybeSent()} tells
   */
  WaitedReplies evalAndWait(List<ScriptCall> calls, int replicas, long timeoutMillis);

  /** {@code SADD key member}; returns the number added. */
  long sadd(byte[] key, byte[] member);

  /** {@code SMEMBERS key}. */
  List<byte[]> smembers(byte[] key);

  /** {@code HSET key field value}. */
  void hset(byte[] key, byte[] field, byte[] value);

  /** {@code HDEL key field}. */
  void hdel(byte[] key, byte[] field);

  /** {@code INFO section} from every node (one entry for a single server), keyed by node address. */
  Map<String, String> info(String section);

  /**
   * {@code CONFIG GET parameter} from every node, keyed by node address; a node where {@code CONFIG}
   * is disabled (managed Redis) maps to {@code null}.
   */
  Map<String, String> configGet(String parameter);

  /**
   * Subscribes to a channel pattern ({@code PSUBSCRIBE}) on a dedicated connection that the driver
   * re-establishes with backoff when it breaks. {@code onMessage} receives (channel, message) on
   * the driver's thread; {@code onSubscribed} runs after every (re)subscription, so the broker can
   * treat the gap as "work may have arrived". Both must not block.
   */
  Subscription psubscribe(byte[] pattern, BiConsumer<byte[], byte[]> onMessage, Runnable onSubscribed);

  /** A short description of the deployment for logs, e.g. {@code standalone redis://127.0.0.1:6379}. */
  String describe();

  /** Releases connections and threads. Idempotent. */
  @Override
  void close();
}
