package dev.taskbed.redis;

import dev.taskbed.InvalidOptionException;
import dev.taskbed.spi.BrokerPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Driver-independent settings of a Redis broker: where time comes from, retention policy, how hard
 * to retry, and how durable an acknowledgement is ({@link #replicaAcks()}). Immutable; build with
 * {@link #builder()}. Both Redis backends embed it in their own connection config.
 */
public final class RedisBrokerSettings {
  public static final int DEFAULT_MAX_ATTEMPTS = 6;
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(50);
  public static final Duration DEFAULT_MAX_RETRY_BACKOFF = Duration.ofSeconds(1);
  public static final int DEFAULT_ENQUEUE_CHUNK = 100;
  public static final int DEFAULT_CLEANUP_BATCH = 1_000;

  private final Clock clock;
  private final BrokerPolicy policy;
  private final int maxAttempts;
  private final Duration retryBackoff;
  private final Duration maxRetryBackoff;
  private final int enqueueChunk;
  private final int cleanupBatch;
  private final boolean checkServer;
  private final int replicaAcks;
  private final Duration replicaAckTimeout;

  private RedisBrokerSettings(Builder b) {
    this.clock = b.clock;
    this.policy = b.policy;
    this.maxAttempts = b.maxAttempts;
    this.retryBackoff = b.retryBackoff;
    this.maxRetryBackoff = b.maxRetryBackoff;
    this.enqueueChunk = b.enqueueChunk;
    this.cleanupBatch = b.cleanupBatch;
    this.checkServer = b.checkServer;
    this.replicaAcks = b.replicaAcks;
    this.replicaAckTimeout = b.replicaAckTimeout;
  }

  public static RedisBrokerSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.clock = clock;
    b.policy = policy;
    b.maxAttempts = maxAttempts;
    b.retryBackoff = retryBackoff;
    b.maxRetryBackoff = maxRetryBackoff;
    b.enqueueChunk = enqueueChunk;
    b.cleanupBatch = cleanupBatch;
    b.checkServer = checkServer;
    b.replicaAcks = replicaAcks;
    b.replicaAckTimeout = replicaAckTimeout;
    return b;
  }

  /**
   * The client clock, if the broker runs in client-clock mode; empty (the default) means every
   * operation reads Redis {@code TIME}, made monotonic per queue, so skewed worker clocks cannot
   * expire leases early. Client-clock mode exists for virtual-time tests.
   */
  public Optional<Clock> clock() {
    return Optional.ofNullable(clock);
  }

  /** Retention limits; default {@link BrokerPolicy#defaults()}. */
  public BrokerPolicy policy() {
    return policy;
  }

  /** Attempts per operation when Redis is unreachable or refuses transiently; default {@value #DEFAULT_MAX_ATTEMPTS}. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Backoff before the second attempt, doubling up to {@link #maxRetryBackoff()}; default 50 ms. */
  public Duration retryBackoff() {
    return retryBackoff;
  }

  /** Longest backoff between attempts; default 1 s. */
  public Duration maxRetryBackoff() {
    return maxRetryBackoff;
  }

  /** Most tasks of one queue per enqueue script call in a batch; default {@value #DEFAULT_ENQUEUE_CHUNK}. */
  public int enqueueChunk() {
    return enqueueChunk;
  }

  /** Expired tombstones, locks and claim records dropped per purge call; default {@value #DEFAULT_CLEANUP_BATCH}. */
  public int cleanupBatch() {
    return cleanupBatch;
  }

  /** Whether to check the Redis version and durability settings at start; default true. */
  public boolean checkServer() {
    return checkServer;
  }

  /**
   * How many replicas must confirm every write before the broker acknowledges it; default 0: a
   * write is acknowledged as soon as the primary has applied it (and, with {@code appendfsync
   * always}, written it to its AOF).
   *
   * <p>With {@code n > 0}, every script that writes (enqueue, claim, every ack and extension,
   * maintenance, admin changes) is sent on one connection followed by a one-field write of the
   * queue's {@code meta} hash and {@code WAIT n timeout}, pipelined. The extra write moves the
   * connection's replication offset to the primary's current one, so {@code WAIT} covers every
   * earlier write to the primary, including the one an idempotent answer ({@code EXISTING},
   * {@code ALREADY_APPLIED}, a replayed claim) rests on. If fewer than {@code n} replicas confirm
   * within {@link #replicaAckTimeout()}, the call counts as <em>possibly applied</em>: it is
   * retried like a lost reply and finally fails, an enqueue with
   * {@link dev.taskbed.EnqueueOutcomeUnknownException}, never with a normal return. ({@code WAIT}
   * inside a Lua script returns at once, which is why it is a separate command.)
   *
   * <p>Guarantee, with {@code n} equal to the number of replicas and a Sentinel (or Cluster)
   * failover to one of them: no acknowledged write is lost, because every acknowledged write is on
   * every replica, so on the one that is promoted. An old primary cut off from its replicas cannot
   * acknowledge anything (its {@code WAIT} never reaches {@code n}), so writes it takes while
   * clients still reach it are never acknowledged, and they are discarded when it rejoins as a
   * replica. Not covered: losing a replica's copy at the same time (a replica without persistence
   * that restarts before the failover), and {@code pause}/{@code unpause} and queue registration,
   * which are plain commands (the next replicated write on that primary covers them). The price:
   * one more round trip's worth of latency per write, and no acknowledged write at all while fewer
   * than {@code n} replicas are connected. Without it ({@code n = 0}), a failover loses the writes
   * the promoted replica had not received yet: asynchronous replication usually lags by
   * milliseconds, but a primary isolated from its replicas while clients still reach it keeps
   * acknowledging writes until clients switch to the new primary, and all of them are lost.
   */
  public int replicaAcks() {
    return replicaAcks;
  }

  /** How long {@code WAIT} waits for {@link #replicaAcks()} replicas; {@code null} when {@code replicaAcks} is 0. */
  public Duration replicaAckTimeout() {
    return replicaAckTimeout;
  }

  @Override
  public String toString() {
    return "RedisBrokerSettings{time=" + (clock == null ? "redis TIME" : "client " + clock) + ", policy=" + policy
        + ", maxAttempts=" + maxAttempts + ", retryBackoff=" + retryBackoff + ".." + maxRetryBackoff
        + ", enqueueChunk=" + enqueueChunk + ", cleanupBatch=" + cleanupBatch
        + (replicaAcks > 0 ? ", replicaAcks=" + replicaAcks + " within " + replicaAckTimeout : "") + "}";
  }

  /** Builds {@link RedisBrokerSettings}; each setter validates and names the option it rejects. */
  public static final class Builder {
    private Clock clock;
    private BrokerPolicy policy = BrokerPolicy.defaults();
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
    private Duration maxRetryBackoff = DEFAULT_MAX_RETRY_BACKOFF;
    private int enqueueChunk = DEFAULT_ENQUEUE_CHUNK;
    private int cleanupBatch = DEFAULT_CLEANUP_BATCH;
    private boolean checkServer = true;
    private int replicaAcks;
    private Duration replicaAckTimeout;

    private Builder() {}

    /** Client-clock mode on {@code clock} (e.g. a {@link dev.taskbed.env.ManualClock}); {@code null} for Redis time. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder policy(BrokerPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder maxAttempts(int n) {
      if (n < 1) {
        throw new InvalidOptionException("maxAttempts", n, "must be >= 1");
      }
      this.maxAttempts = n;
      return this;
    }

    public Builder retryBackoff(Duration d) {
      if (d == null || d.isNegative()) {
        throw new InvalidOptionException("retryBackoff", d, "must be >= 0");
      }
      this.retryBackoff = d;
      return this;
    }

    public Builder maxRetryBackoff(Duration d) {
      if (d == null || d.isNegative()) {
        throw new InvalidOptionException("maxRetryBackoff", d, "must be >= 0");
      }
      this.maxRetryBackoff = d;
      return this;
    }

    public Builder enqueueChunk(int n) {
      if (n < 1 || n > 10_000) {
        throw new InvalidOptionException("enqueueChunk", n, "must be 1..10000");
      }
      this.enqueueChunk = n;
      return this;
    }

    public Builder cleanupBatch(int n) {
      if (n < 1) {
        throw new InvalidOptionException("cleanupBatch", n, "must be >= 1");
      }
      this.cleanupBatch = n;
      return this;
    }

    public Builder checkServer(boolean check) {
      this.checkServer = check;
      return this;
    }

    /**
     * Acknowledge a write only after {@code replicas} replicas confirmed it with {@code WAIT} within
     * {@code timeout}; see {@link RedisBrokerSettings#replicaAcks()}. {@code replicas} should be
     * the number of replicas of each primary. {@code replicaAcks(0, null)} turns it off.
     */
    public Builder replicaAcks(int replicas, Duration timeout) {
      if (replicas < 0) {
        throw new InvalidOptionException("replicaAcks", replicas, "must be >= 0");
      }
      if (replicas > 0 && (timeout == null || timeout.toMillis() < 1)) {
        // WAIT with timeout 0 blocks forever: a replica outage would hang every caller.
        throw new InvalidOptionException("replicaAckTimeout", timeout, "must be at least 1 ms when replicaAcks > 0");
      }
      this.replicaAcks = replicas;
      this.replicaAckTimeout = replicas == 0 ? null : timeout;
      return this;
    }

    public RedisBrokerSettings build() {
      if (maxRetryBackoff.compareTo(retryBackoff) < 0) {
        throw new InvalidOptionException("maxRetryBackoff", maxRetryBackoff, "must be >= retryBackoff " + retryBackoff);
      }
      return new RedisBrokerSettings(this);
    }
  }
}
