package dev.taskbed.redis;

/**
 * The one exception a {@link RedisDriver} throws: either an error reply from Redis or a failure to
 * talk to it. Internal to the Redis backends; {@link RedisBroker} translates it into
 * {@link dev.taskbed.TaskbedException} subtypes and never lets it escape.
 */
public final class RedisDriverException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What the broker does about a failure. */
  public enum Kind {
    /** {@code NOSCRIPT}: the node does not have the script (restart, {@code SCRIPT FLUSH}); run it with EVAL. */
    NO_SCRIPT,
    /** {@code OOM}: Redis is at maxmemory and refused a command that may grow memory; nothing ran. */
    OUT_OF_MEMORY,
    /**
     * Transient server-side refusals (nothing ran): {@code READONLY} (a replica after failover),
     * {@code MOVED}/{@code ASK}/{@code TRYAGAIN}/{@code CLUSTERDOWN} (resharding, failover),
     * {@code LOADING} (restart), {@code BUSY} (a long script), {@code MASTERDOWN}, {@code UNBLOCKED}.
     */
    RETRYABLE,
    /** The connection failed; see {@link #maybeSent()}. */
    CONNECTION,
    /**
     * The command ran (or may have), but fewer replicas than required confirmed it with
     * {@code WAIT}: its outcome is unknown, as after a lost reply, and it is retried like one.
     */
    UNREPLICATED,
    /** Any other error reply, e.g. a script error: a bug, not retried. */
    FATAL
  }

  private final Kind kind;
  private final boolean maybeSent;

  private RedisDriverException(Kind kind, boolean maybeSent, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.maybeSent = maybeSent;
  }

  /** An error reply; {@code message} is the reply text, starting with its Redis error code. */
  public static RedisDriverException serverError(String message, Throwable cause) {
    return new RedisDriverException(classify(message), false, message, cause);
  }

  /**
   * The connection failed.
   *
   * @param maybeSent {@code false} only when the command certainly did not reach Redis (no
   *     connection could be obtained); when in doubt, {@code true}
   */
  public static RedisDriverException connectionFailure(boolean maybeSent, String message, Throwable cause) {
    return new RedisDriverException(Kind.CONNECTION, maybeSent, message, cause);
  }

  /**
   * A write whose replication {@code WAIT} did not confirm (too few replicas in time); it counts as
   * possibly applied.
   */
  public static RedisDriverException unreplicated(String message) {
    return new RedisDriverException(Kind.UNREPLICATED, true, message, null);
  }

  public Kind kind() {
    return kind;
  }

  /** Whether the command may have been executed (only connection failures and unreplicated writes are in doubt). */
  public boolean maybeSent() {
    return maybeSent;
  }

  static Kind classify(String message) {
    String m = message == null ? "" : message.strip();
    String code = m.contains(" ") ? m.substring(0, m.indexOf(' ')) : m;
    switch (code) {
      case "NOSCRIPT":
        return Kind.NO_SCRIPT;
      case "OOM":
        return Kind.OUT_OF_MEMORY;
      case "READONLY":
      case "MOVED":
      case "ASK":
      case "TRYAGAIN":
      case "CLUSTERDOWN":
      case "LOADING":
      case "BUSY":
      case "MASTERDOWN":
      case "UNBLOCKED":
      case "NOREPLICAS":
        return Kind.RETRYABLE;
      default:
        // A script that hit OOM inside redis.call reports it wrapped in the script error text.
        return m.contains("-OOM ") || m.startsWith("ERR Error running script") && m.contains("OOM")
            ? Kind.OUT_OF_MEMORY : Kind.FATAL;
    }
  }
}
