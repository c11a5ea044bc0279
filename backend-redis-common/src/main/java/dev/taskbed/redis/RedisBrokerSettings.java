package dev.taskbed.redis;

import dev.taskbed.InvalidOptionException;
import dev.taskbed.spi.BrokerPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Driver-independent settings of a Redis broker: where time comes from, retention policy, and how
 * hard to retry. Immutable; build with {@link #builder()}. Both Redis backends embed it in their own
 * connection config.
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

  private RedisBrokerSettings(Builder b) {
    this.clock = b.clock;
    this.policy = b.policy;
    this.maxAttempts = b.maxAttempts;
    this.retryBackoff = b.retryBackoff;
    this.maxRetryBackoff = b.maxRetryBackoff;
    this.enqueueChunk = b.enqueueChunk;
    this.cleanupBatch = b.cleanupBatch;
    this.checkServer = b.checkServer;
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

  @Override
  public String toString() {
    return "RedisBrokerSettings{time=" + (clock == null ? "redis TIME" : "client " + clock) + ", policy=" + policy
        + ", maxAttempts=" + maxAttempts + ", retryBackoff=" + retryBackoff + ".." + maxRetryBackoff
        + ", enqueueChunk=" + enqueueChunk + ", cleanupBatch=" + cleanupBatch + "}";
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

    public RedisBrokerSettings build() {
      if (maxRetryBackoff.compareTo(retryBackoff) < 0) {
        throw new InvalidOptionException("maxRetryBackoff", maxRetryBackoff, "must be >= retryBackoff " + retryBackoff);
      }
      return new RedisBrokerSettings(this);
    }
  }
}
