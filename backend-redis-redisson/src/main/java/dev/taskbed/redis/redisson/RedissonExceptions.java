package dev.taskbed.redis.redisson;

import dev.taskbed.redis.RedisDriverException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.redisson.client.RedisAskException;
import org.redisson.client.RedisAuthRequiredException;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.RedisNodeNotFoundException;
import org.redisson.client.RedisOutOfMemoryException;
import org.redisson.client.RedisReadonlyException;
import org.redisson.client.RedisReconnectedException;
import org.redisson.client.RedisRedirectException;
import org.redisson.client.RedisResponseTimeoutException;
import org.redisson.client.RedisRetryException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.RedisWrongPasswordException;
import org.redisson.client.WriteRedisConnectionException;

/**
 * Maps Redisson and Netty exceptions to {@link RedisDriverException}, the one exception a driver
 * throws: an error reply from Redis ({@link RedisDriverException#serverError}, its message starting
 * with the Redis error code so the broker can classify it), or a failure to talk to Redis
 * ({@link RedisDriverException#connectionFailure}) saying whether the command may have been
 * executed.
 *
 * <h2>Was it sent?</h2>
 *
 * Redisson writes a command on a Netty channel and then waits for the reply. A command certainly
 * did not run when no connection could be had ({@link RedisConnectionException}: refused,
 * unresolvable, connect timeout; {@link RedisNodeNotFoundException}: no node serves the slot) or
 * when its write failed ({@link WriteRedisConnectionException}: Redis executes only complete
 * commands, and a write future fails only if the bytes did not all reach the socket). Everything
 * after a successful write leaves it in doubt: a reply timeout ({@link RedisResponseTimeoutException}),
 * a connection that broke and reconnected under the command ({@link RedisReconnectedException}), a
 * Netty channel error, a cancelled future, anything unknown.
 *
 * <p>A client that retries by itself ({@code retryAttempts > 0}, e.g. a user's client with
 * Redisson's defaults) reports only its last attempt's failure, while an earlier attempt may have
 * been written; for such a client every connection failure is in doubt.
 */
final class RedissonExceptions {
  private final boolean clientRetries;

  /** @param clientRetries whether the client resends commands itself ({@code retryAttempts > 0}) */
  RedissonExceptions(boolean clientRetries) {
    this.clientRetries = clientRetries;
  }

  /** Translates any failure of a Redisson call; never returns a Redisson or Netty type. */
  RedisDriverException translate(Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof RedisDriverException) {
      return (RedisDriverException) e;
    }
    String reply = errorReply(e);
    if (reply != null) {
      return RedisDriverException.serverError(reply, e);
    }
    boolean maybeSent = clientRetries || maybeSent(e);
    return RedisDriverException.connectionFailure(maybeSent, describe(e), e);
  }

  /**
   * The text of the Redis error reply {@code e} stands for, starting with its error code, or
   * {@code null} if {@code e} is not an error reply. Redisson turns most error replies into typed
   * exceptions whose message is the reply text (plus channel details); an out-of-memory reply loses
   * its {@code OOM} prefix, so it is put back. Error replies Redisson does not type (e.g. a script
   * error, {@code ERR ...}, {@code WRONGTYPE ...}) arrive as a plain {@link RedisException} without
   * cause whose message starts with the upper-case error code.
   */
  static String errorReply(Throwable e) {
    if (e instanceof RedisOutOfMemoryException) {
      return "OOM " + e.getMessage();
    }
    if (e instanceof RedisRedirectException) {
      // A redirection Redisson did not follow (it follows them unless they loop); it has no message.
      RedisRedirectException r = (RedisRedirectException) e;
      return (e instanceof RedisAskException ? "ASK " : "MOVED ") + r.getSlot() + " " + r.getUrl();
    }
    if (e instanceof RedisNoScriptException || e instanceof RedisReadonlyException || e instanceof RedisRetryException
        || e instanceof RedisAuthRequiredException
        || e instanceof RedisWrongPasswordException) {
      return e.getMessage();
    }
    if (e.getClass() == RedisException.class && e.getCause() == null && startsWithErrorCode(e.getMessage())) {
      return e.getMessage();
    }
    return null;
  }

  private static boolean startsWithErrorCode(String message) {
    if (message == null || message.isEmpty()) {
      return false;
    }
    int end = message.indexOf(' ');
    String code = end < 0 ? message : message.substring(0, end);
    if (code.length() < 2) {
      return false;
    }
    for (int i = 0; i < code.length(); i++) {
      char ch = code.charAt(i);
      if (ch < 'A' || ch > 'Z') {
        return false;
      }
    }
    return true;
  }

  /** Whether a failure that is not an error reply may have let the command reach Redis. */
  static boolean maybeSent(Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof WriteRedisConnectionException || e instanceof RedisNodeNotFoundException) {
      return false;
    }
    if (e instanceof RedisResponseTimeoutException || e instanceof RedisReconnectedException) {
      return true;
    }
    if (e instanceof RedisConnectionException) {
      return false; // no connection could be established
    }
    if (e instanceof RedisTimeoutException) {
      // Raised before the write when Redisson retries: no connection in time, or not yet written.
      String m = String.valueOf(e.getMessage());
      return !(m.startsWith("Unable to acquire connection") || m.startsWith("Command still hasn't been written"));
    }
    // "Unexpected exception while processing command" and other wrappers: judge by the cause chain.
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
          || (t instanceof RedisConnectionException && !(t instanceof WriteRedisConnectionException))) {
        return false; // Netty's ConnectTimeoutException is a ConnectException
      }
    }
    return true;
  }

  /** Strips the wrappers futures add. */
  static Throwable unwrap(Throwable e) {
    Throwable t = e;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String describe(Throwable e) {
    if (e instanceof CancellationException) {
      return "the call was cancelled while in flight";
    }
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
