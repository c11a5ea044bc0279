package dev.taskbed;

import dev.taskbed.event.TaskbedListener;
import dev.taskbed.internal.Validation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link Client} validates and retries enqueues. Immutable; {@link #defaults()} or
 * {@link #builder()}.
 *
 * <p>A failed enqueue attempt (backend unreachable, outcome unknown) is retried with the same task
 * id and content hash, with exponential backoff, until {@link #maxAttempts()} attempts or
 * {@link #maxRetryTime()} have passed. The retry time must be shorter than the broker's
 * idempotency window, so that a retry always meets the first attempt's task or tombstone; the
 * client checks this when it is created.
 */
public final class ClientConfig {
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_ATTEMPTS = 4;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(50);
  public static final Duration DEFAULT_MAX_RETRY_TIME = Duration.ofSeconds(30);

  private static final ClientConfig DEFAULTS = builder().build();

  private final int maxPayloadBytes;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxRetryTime;
  private final List<EnqueueInterceptor> interceptors;
  private final List<TaskbedListener> listeners;

  private ClientConfig(Builder b) {
    this.maxPayloadBytes = b.maxPayloadBytes;
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxRetryTime = b.maxRetryTime;
    this.interceptors = List.copyOf(b.interceptors);
    this.listeners = List.copyOf(b.listeners);
  }

  public static ClientConfig defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Largest accepted payload in bytes; default 1 MiB. */
  public int maxPayloadBytes() {
    return maxPayloadBytes;
  }

  /** Attempts per enqueue, including the first; default {@value #DEFAULT_MAX_ATTEMPTS}. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Backoff before the first retry, doubled for each further one; default 50 ms. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** No retry starts after this much time since the first attempt; default 30 s. */
  public Duration maxRetryTime() {
    return maxRetryTime;
  }

  /** Interceptors every enqueued task goes through, in registration order; default none. */
  public List<EnqueueInterceptor> interceptors() {
    return interceptors;
  }

  /** Listeners told each enqueue's outcome ({@code onEnqueued}) and the broker calls; default none. */
  public List<TaskbedListener> listeners() {
    return listeners;
  }

  /** Builds a {@link ClientConfig}. */
  public static final class Builder {
    private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
    private Duration maxRetryTime = DEFAULT_MAX_RETRY_TIME;
    private final List<EnqueueInterceptor> interceptors = new ArrayList<>();
    private final List<TaskbedListener> listeners = new ArrayList<>();

    private Builder() {}

    public Builder maxPayloadBytes(int bytes) {
      this.maxPayloadBytes = Validation.atLeast("maxPayloadBytes", bytes, 0);
      return this;
    }

    public Builder maxAttempts(int attempts) {
      this.maxAttempts = Validation.atLeast("maxAttempts", attempts, 1);
      return this;
    }

    public Builder initialBackoff(Duration backoff) {
      this.initialBackoff = Validation.nonNegative("initialBackoff", backoff);
      return this;
    }

    public Builder maxRetryTime(Duration time) {
      this.maxRetryTime = Validation.nonNegative("maxRetryTime", time);
      return this;
    }

    /** Adds an interceptor; each call adds one more. */
    public Builder interceptor(EnqueueInterceptor interceptor) {
      this.interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    /** Adds a listener; each call adds one more. */
    public Builder listener(TaskbedListener listener) {
      this.listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    public ClientConfig build() {
      return new ClientConfig(this);
    }
  }
}
