package dev.taskbed.redis.testing;

import dev.taskbed.redis.RedisDriver;
import dev.taskbed.redis.RedisDriverException;
import dev.taskbed.redis.RedisScripts;
import dev.taskbed.redis.ScriptCall;
import dev.taskbed.redis.WaitedReplies;
import dev.taskbed.spi.Subscription;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A {@link RedisDriver} that forwards every call to a backend's real driver (talking to a real
 * Redis) and injects the faults a test asks for into chosen calls, so the broker's handling of a
 * lost reply or a refusal can be tested exactly, where the real fault would only show under a race
 * (a reply lost after the script ran, a refusal of one pipelined call while the next one runs).
 *
 * <p>A fault is armed for the next {@code times} calls of one script on one queue (or of the
 * registry's {@code SADD} for one queue) and then disarms itself. A script is named by its file,
 * as {@link RedisScripts} names it ({@code "enqueue"}, {@code "delete"}...):
 * <ul>
 *   <li>{@link #loseReply}: the call is sent and runs on Redis, then the broker sees a connection
 *       failure that may have been sent, as after a reset connection or a reply timeout;
 *   <li>{@link #refuse}: the call is not sent, and the broker sees Redis's error reply
 *       {@code error} (e.g. {@code "BUSY ..."}, {@code "OOM ..."}); in a pipeline only that call
 *       is left out, the others run.
 * </ul>
 * An optional action runs on the calling thread as the fault fires, e.g. to interrupt it or to
 * close the broker, the way a cancelled handler or a shutdown would meet a call in flight.
 * Thread-safe.
 */
public final class FaultyDriver implements RedisDriver {
  private final RedisDriver real;
  private final List<Fault> faults = new ArrayList<>();
  private int fired;

  public FaultyDriver(RedisDriver real) {
    this.real = real;
  }

  /** What an armed fault does. */
  private enum Kind { LOSE_REPLY, REFUSE }

  private static final class Fault {
    final String operation; // the script's SHA-1, or SADD
    final String queue;
    final Kind kind;
    final String error;
    final Runnable action;
    int skip;
    int left;

    Fault(String operation, String queue, Kind kind, String error, Runnable action, int skip, int times) {
      this.operation = operation;
      this.queue = queue;
      this.kind = kind;
      this.error = error;
      this.action = action;
      this.skip = skip;
      this.left = times;
    }
  }

  /** The reply to the next {@code times} calls of {@code script} on {@code queue} is lost after they ran. */
  public FaultyDriver loseReply(String script, String queue, int times, Runnable action) {
    return arm(new Fault(RedisScripts.sha(script), queue, Kind.LOSE_REPLY, null, action, 0, times));
  }

  /** The next {@code times} calls of {@code script} on {@code queue} are refused with {@code error}, unsent. */
  public FaultyDriver refuse(String script, String queue, String error, int times) {
    return refuseAfter(script, queue, 0, error, times);
  }

  /** Like {@link #refuse}, after letting the next {@code skip} such calls through. */
  public FaultyDriver refuseAfter(String script, String queue, int skip, String error, int times) {
    return arm(new Fault(RedisScripts.sha(script), queue, Kind.REFUSE, error, null, skip, times));
  }

  /** The next {@code times} registrations ({@code SADD}) of {@code queue} are refused with {@code error}, unsent. */
  public FaultyDriver refuseRegistration(String queue, String error, int times) {
    return arm(new Fault("SADD", queue, Kind.REFUSE, error, null, 0, times));
  }

  /** How many faults have fired so far: a test checks that the fault it armed did fire. */
  public synchronized int fired() {
    return fired;
  }

  private synchronized FaultyDriver arm(Fault f) {
    faults.add(f);
    return this;
  }

  /** The armed fault for this call, consumed; null if none. */
  private synchronized Fault take(String operation, String queue) {
    for (Fault f : faults) {
      if (f.left > 0 && f.operation.equals(operation) && f.queue.equals(queue)) {
        if (f.skip > 0) {
          f.skip--;
          return null;
        }
        f.left--;
        fired++;
        return f;
      }
    }
    return null;
  }

  private static Object fire(Fault f, Object reply) {
    if (f.action != null) {
      f.action.run();
    }
    if (f.kind == Kind.REFUSE) {
      throw RedisDriverException.serverError(f.error, null);
    }
    throw RedisDriverException.connectionFailure(true, "reply lost (injected) after it ran: " + reply, null);
  }

  /** A script text's SHA-1 (hex), which names the call as its {@code EVALSHA} would. */
  private static String sha1(byte[] script) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }

  /** The queue a script call is about: the hash tag of its first key, {@code taskbed:{q}:meta}. */
  private static String queueOf(List<byte[]> keys) {
    String k = new String(keys.get(0), StandardCharsets.UTF_8);
    return k.substring(k.indexOf('{') + 1, k.indexOf('}'));
  }

  private Object call(String operation, String queue, java.util.function.Supplier<Object> send) {
    Fault f = take(operation, queue);
    if (f == null) {
      return send.get();
    }
    if (f.kind == Kind.REFUSE) {
      return fire(f, null);
    }
    Object reply;
    try {
      reply = send.get();
    } catch (RedisDriverException e) {
      giveBack(f); // it did not run (e.g. NOSCRIPT, answered by an EVAL next): the fault waits for a call that runs
      throw e;
    }
    return fire(f, reply);
  }

  private synchronized void giveBack(Fault f) {
    f.left++;
    fired--;
  }

  @Override
  public Object evalSha(String sha, List<byte[]> keys, List<byte[]> args) {
    return call(sha, queueOf(keys), () -> real.evalSha(sha, keys, args));
  }

  @Override
  public Object eval(byte[] script, List<byte[]> keys, List<byte[]> args) {
    return call(sha1(script), queueOf(keys), () -> real.eval(script, keys, args));
  }

  /**
   * Refused calls are left out of what is sent and answered with their error in place; a lost
   * reply of any call loses the whole pipeline's reply (the calls ran).
   */
  @Override
  public List<Object> evalShaPipelined(List<ScriptCall> calls) {
    Fault[] armed = new Fault[calls.size()];
    List<ScriptCall> sent = new ArrayList<>();
    Fault lost = null;
    for (int i = 0; i < calls.size(); i++) {
      ScriptCall c = calls.get(i);
      armed[i] = take(c.sha(), queueOf(c.keys()));
      if (armed[i] == null || armed[i].kind == Kind.LOSE_REPLY) {
        sent.add(c);
        if (armed[i] != null && lost == null) {
          lost = armed[i];
        }
      }
    }
    List<Object> replies;
    try {
      replies = sent.isEmpty() ? List.of() : real.evalShaPipelined(sent);
    } catch (RedisDriverException e) {
      if (lost != null) {
        giveBack(lost);
      }
      throw e;
    }
    if (lost != null) {
      if (replies.stream().anyMatch(r -> r instanceof RedisDriverException)) {
        giveBack(lost); // not every call ran: lose the reply of a pipeline that did
      } else {
        fire(lost, replies);
      }
    }
    List<Object> out = new ArrayList<>(calls.size());
    int next = 0;
    for (int i = 0; i < calls.size(); i++) {
      if (armed[i] != null && armed[i].kind == Kind.REFUSE) {
        if (armed[i].action != null) {
          armed[i].action.run();
        }
        out.add(RedisDriverException.serverError(armed[i].error, null));
      } else {
        out.add(replies.get(next++));
      }
    }
    return out;
  }

  @Override
  public WaitedReplies evalAndWait(List<ScriptCall> calls, int replicas, long timeoutMillis) {
    return real.evalAndWait(calls, replicas, timeoutMillis);
  }

  @Override
  public long sadd(byte[] key, byte[] member) {
    return (Long) call("SADD", new String(member, StandardCharsets.UTF_8), () -> real.sadd(key, member));
  }

  @Override
  public List<byte[]> smembers(byte[] key) {
    return real.smembers(key);
  }

  @Override
  public void hset(byte[] key, byte[] field, byte[] value) {
    real.hset(key, field, value);
  }

  @Override
  public void hdel(byte[] key, byte[] field) {
    real.hdel(key, field);
  }

  @Override
  public Map<String, String> info(String section) {
    return real.info(section);
  }

  @Override
  public Map<String, String> configGet(String parameter) {
    return real.configGet(parameter);
  }

  @Override
  public Subscription psubscribe(byte[] pattern, BiConsumer<byte[], byte[]> onMessage, Runnable onSubscribed) {
    return real.psubscribe(pattern, onMessage, onSubscribed);
  }

  @Override
  public String describe() {
    return "faulty " + real.describe();
  }

  @Override
  public void close() {
    real.close();
  }
}
