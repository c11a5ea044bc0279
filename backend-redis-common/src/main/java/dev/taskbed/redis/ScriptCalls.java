package dev.taskbed.redis;

import static dev.taskbed.redis.Resp.num;

import dev.taskbed.BrokerFullException;
import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.EnqueueOutcomeUnknownException;
import dev.taskbed.TaskbedException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the broker talks to Redis: every script call and driver command goes through here, with the
 * arguments every script takes first (the test clock's time, the idempotency window), the
 * {@code NOSCRIPT} reload, the replica wait when {@link RedisBrokerSettings#replicaAcks()} is set,
 * bounded retries with backoff, and the translation of {@link RedisDriverException}s into
 * {@link TaskbedException}s. Safe to retry everything because every script is (see
 * {@link RedisBroker}). Thread-safe.
 */
final class ScriptCalls {
  private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);
  private static final byte[] EMPTY = new byte[0];

  private final RedisDriver driver;
  private final RedisBrokerSettings settings;
  private final Clock clock;
  private final byte[] window;
  private volatile boolean closed;

  ScriptCalls(RedisDriver driver, RedisBrokerSettings settings) {
    this.driver = Objects.requireNonNull(driver, "driver");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = settings.clock().orElse(null);
    this.window = num(settings.policy().idempotencyWindow().toMillis());
  }

  RedisDriver driver() {
    return driver;
  }

  RedisBrokerSettings settings() {
    return settings;
  }

  /** From now on every call gives up at once: retries end, an enqueue in doubt says so. */
  void close() {
    closed = true;
  }

  /** Runs a script with the broker's retry policy; failures become {@link TaskbedException}s. */
  Object run(Script script, String queue, List<byte[]> scriptArgs) {
    List<byte[]> keys = Keys.of(queue);
    return retrying(script.fileName() + " on " + queue, () -> eval(script, keys, withCommonArgs(scriptArgs)));
  }

  /** An enqueue: like {@link #run} but reporting doubt as {@link EnqueueOutcomeUnknownException}. */
  Object runEnqueue(String queue, List<byte[]> scriptArgs, String taskId) {
    List<byte[]> keys = Keys.of(queue);
    return retrying("enqueue to " + queue, () -> eval(Script.ENQUEUE, keys, withCommonArgs(scriptArgs)),
        new EnqueueTarget(queue, taskId));
  }

  /** The task an enqueue attempt is about, for its exceptions. */
  private record EnqueueTarget(String queue, String taskId) {}

  List<byte[]> withCommonArgs(List<byte[]> scriptArgs) {
    List<byte[]> args = new ArrayList<>(scriptArgs.size() + 2);
    args.add(clock == null ? EMPTY : num(clock.millis()));
    args.add(window);
    args.addAll(scriptArgs);
    return args;
  }

  /** EVALSHA, or EVAL once when the node lost its script cache (restart, SCRIPT FLUSH, failover). */
  private Object eval(Script script, List<byte[]> keys, List<byte[]> args) {
    if (settings.replicaAcks() > 0 && script.writes()) {
      return evalReplicated(script, keys, args);
    }
    try {
      return driver.evalSha(script.sha(), keys, args);
    } catch (RedisDriverException e) {
      if (e.kind() != RedisDriverException.Kind.NO_SCRIPT) {
        throw e;
      }
      log.debug("{} not in the script cache of its node; reloading", script.fileName());
      return driver.eval(script.bodyUnsafe(), keys, args);
    }
  }

  /**
   * A writing script, then the replication mark and {@code WAIT} on the same connection; the
   * script's reply counts only if enough replicas confirmed. Why the mark: {@code WAIT} covers only
   * the writes of its own connection, and a script that changed nothing (an idempotent repeat)
   * would otherwise let {@code WAIT} vouch for a write it never covered. A reply that cannot be
   * vouched for is {@link RedisDriverException#unreplicated}: possibly applied, retried like a lost
   * reply.
   */
  private Object evalReplicated(Script script, List<byte[]> keys, List<byte[]> args) {
    int replicas = settings.replicaAcks();
    long timeout = settings.replicaAckTimeout().toMillis();
    ScriptCall call = new ScriptCall(script.sha(), keys, args);
    ScriptCall mark = new ScriptCall(Script.REPLICATION_MARK.sha(), keys, withCommonArgs(List.of()));
    WaitedReplies r = driver.evalAndWait(List.of(call, mark), replicas, timeout);
    ScriptCall markBody = mark.withBody(Script.REPLICATION_MARK.bodyUnsafe());
    if (isNoScript(r.replies().get(0))) {
      log.debug("{} not in the script cache of its node; reloading", script.fileName());
      // The script did not run: send it again with its body (and the mark's, if that was missing too).
      r = driver.evalAndWait(List.of(call.withBody(script.bodyUnsafe()), isNoScript(r.replies().get(1)) ? markBody : mark),
          replicas, timeout);
    } else if (isNoScript(r.replies().get(1))) {
      log.debug("the replication mark not in the script cache of its node; reloading it");
      // The script ran: never send it again (an admin call's second run would find its own result).
      // The mark alone moves a connection's offset past the script's write, so its WAIT covers it.
      WaitedReplies marked = driver.evalAndWait(List.of(markBody), replicas, timeout);
      r = new WaitedReplies(Arrays.asList(r.replies().get(0), marked.replies().get(0)), marked.replicasReached());
    }
    Object reply = r.replies().get(0);
    if (reply instanceof RedisDriverException) {
      throw (RedisDriverException) reply;
    }
    Object marked = r.replies().get(1);
    if (marked instanceof RedisDriverException) {
      throw RedisDriverException.unreplicated(script.fileName() + " ran, but the replication mark after it failed ("
          + ((RedisDriverException) marked).getMessage() + "), so WAIT cannot vouch for it");
    }
    if (r.replicasReached() < replicas) {
      throw RedisDriverException.unreplicated("WAIT: "
          + (r.replicasReached() == WaitedReplies.UNKNOWN ? "no answer" : r.replicasReached() + " of " + replicas
              + " replica(s) confirmed")
          + " " + script.fileName() + " within " + timeout + " ms; its outcome is unknown");
    }
    return reply;
  }

  private static boolean isNoScript(Object reply) {
    return reply instanceof RedisDriverException && ((RedisDriverException) reply).kind() == RedisDriverException.Kind.NO_SCRIPT;
  }

  <T> T retrying(String what, Supplier<T> call) {
    return retrying(what, call, null);
  }

  /**
   * Runs a driver call with bounded retries and backoff on connection failures and transient
   * refusals ({@code READONLY}, {@code MOVED}, {@code LOADING}, {@code BUSY}, {@code UNBLOCKED} ...).
   * Every script is safe to repeat (see the class comment), so a doubtful attempt is retried too.
   * For an enqueue ({@code target} not null) every way of giving up after an attempt that may have
   * been applied is {@link EnqueueOutcomeUnknownException} (whatever ended the retries: attempts
   * used up, out of memory or a fatal reply on a later attempt, an interrupt during the backoff,
   * the broker closed); only when no attempt can have been applied is it
   * {@link BrokerFullException} (out of memory) or {@link BrokerUnavailableException}.
   */
  private <T> T retrying(String what, Supplier<T> call, EnqueueTarget target) {
    RedisDriverException last = null;
    boolean maybeApplied = false;
    for (int attempt = 1; ; attempt++) {
      if (closed) {
        throw giveUp(target, maybeApplied, new BrokerUnavailableException("Redis broker is closed", last));
      }
      try {
        return call.get();
      } catch (RedisDriverException e) {
        last = e;
        switch (e.kind()) {
          case FATAL:
          case NO_SCRIPT:
            throw giveUp(target, maybeApplied, new TaskbedException("Redis rejected " + what + ": " + e.getMessage(), e));
          case OUT_OF_MEMORY:
            throw giveUp(target, maybeApplied, full(what, target == null ? null : target.taskId(), e));
          default:
            maybeApplied |= e.maybeSent();
        }
      }
      if (attempt >= settings.maxAttempts()) {
        throw giveUp(target, maybeApplied, unavailable(what, last));
      }
      log.debug("{} failed (attempt {}): {}", what, attempt, last.getMessage());
      if (!pause(attempt)) {
        throw giveUp(target, maybeApplied, new BrokerUnavailableException(
            "interrupted while waiting to retry " + what + " (Redis " + driver.describe() + ")", last));
      }
    }
  }

  /**
   * The exception a call gives up with: {@code why}, except for an enqueue that may have been
   * applied, where it is {@link EnqueueOutcomeUnknownException} caused by {@code why}.
   */
  private static TaskbedException giveUp(EnqueueTarget target, boolean maybeApplied, TaskbedException why) {
    if (target != null && maybeApplied) {
      return new EnqueueOutcomeUnknownException(target.queue(), target.taskId(), why);
    }
    return why;
  }

  static BrokerFullException full(String what, String taskId, RedisDriverException cause) {
    return new BrokerFullException("Redis is out of memory (maxmemory reached): " + what + " refused"
        + (taskId == null ? "" : "; task \"" + taskId + "\" was not enqueued"), cause);
  }

  BrokerUnavailableException unavailable(String what, RedisDriverException cause) {
    return new BrokerUnavailableException("Redis unavailable (" + driver.describe() + "): " + what + " failed after "
        + settings.maxAttempts() + " attempt(s): " + (cause == null ? "?" : cause.getMessage()), cause);
  }

  /**
   * Sleeps before the next attempt; false if the thread was interrupted (the interrupt is kept, and
   * the caller stops retrying: an interrupted caller, such as a cancelled handler, wants to stop).
   */
  boolean pause(int attempt) {
    long base = settings.retryBackoff().toMillis();
    long cap = settings.maxRetryBackoff().toMillis();
    long delay = Math.min(cap, base << Math.min(attempt - 1, 20));
    try {
      Thread.sleep(delay);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  void ensureOpen() {
    if (closed) {
      throw new BrokerUnavailableException("Redis broker is closed");
    }
  }



  /**
   * Sends one pipeline round with the retry policy. Gives up only by throwing a
   * {@link RedisDriverException} whose {@link RedisDriverException#maybeSent()} tells whether any
   * attempt may have run, whatever ends the retries (attempts used up, a fatal reply, an interrupt
   * during the backoff, the broker closed).
   */
  List<Object> pipelineWithRetry(List<ScriptCall> calls) {
    RedisDriverException last = null;
    boolean maybeSent = false;
    for (int attempt = 1; ; attempt++) {
      if (closed) {
        throw RedisDriverException.connectionFailure(maybeSent, "Redis broker is closed", last);
      }
      try {
        return driver.evalShaPipelined(calls);
      } catch (RedisDriverException e) {
        last = e;
        maybeSent |= e.maybeSent();
        if (e.kind() != RedisDriverException.Kind.CONNECTION && e.kind() != RedisDriverException.Kind.RETRYABLE
            || attempt >= settings.maxAttempts()) {
          throw RedisDriverException.connectionFailure(maybeSent, e.getMessage(), e);
        }
      }
      if (!pause(attempt)) {
        throw RedisDriverException.connectionFailure(maybeSent, "interrupted while waiting to retry a pipeline", last);
      }
    }
  }
}
