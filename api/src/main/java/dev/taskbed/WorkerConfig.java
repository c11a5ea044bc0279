package dev.taskbed;

import dev.taskbed.event.LoggingConfig;
import dev.taskbed.event.TaskbedListener;
import dev.taskbed.internal.Validation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * How a worker {@link Server} claims and runs tasks. Immutable; {@link #defaults()} or
 * {@link #builder()}. Every setter validates at once and names the option it rejects.
 */
public final class WorkerConfig {
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(8);
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(30);
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_FORWARD_INTERVAL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RECOVER_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RECOVERY_DELAY = Duration.ofSeconds(5);
  public static final Duration DEFAULT_JANITOR_INTERVAL = Duration.ofSeconds(8);
  public static final Duration DEFAULT_CANCEL_GRACE = Duration.ofSeconds(5);
  public static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofSeconds(1);
  public static final int DEFAULT_MAINTENANCE_BATCH = 100;
  public static final Duration DEFAULT_ACK_FLUSH_DELAY = Duration.ofMillis(1);
  /** Longest accepted {@link #ackFlushDelay()}. */
  public static final Duration MAX_ACK_FLUSH_DELAY = Duration.ofMillis(2);

  private static final WorkerConfig DEFAULTS = builder().build();

  private final int concurrency;
  private final Map<String, Integer> queues;
  private final boolean strictPriority;
  private final RetryDelayFunction retryDelay;
  private final Predicate<Throwable> isFailure;
  private final ErrorHandler errorHandler;
  private final List<TaskbedListener> listeners;
  private final LoggingConfig logging;
  private final Duration shutdownTimeout;
  private final Duration leaseDuration;
  private final Duration heartbeatInterval;
  private final Executor executor;
  private final Duration forwardInterval;
  private final Duration recoverInterval;
  private final Duration recoveryDelay;
  private final Duration janitorInterval;
  private final int maintenanceBatch;
  private final Duration cancelGrace;
  private final Duration unknownTypeGrace;
  private final Duration maxPollInterval;
  private final Duration ackFlushDelay;
  private final PayloadCodec payloadCodec;

  private WorkerConfig(Builder b) {
    this.concurrency = b.concurrency;
    this.queues = Collections.unmodifiableMap(new LinkedHashMap<>(b.queues.isEmpty() ? Map.of(TaskOptions.DEFAULT_QUEUE, 1) : b.queues));
    this.strictPriority = b.strictPriority;
    this.retryDelay = b.retryDelay;
    this.isFailure = b.isFailure;
    this.errorHandler = b.errorHandler;
    this.listeners = List.copyOf(b.listeners);
    this.logging = b.logging;
    this.shutdownTimeout = b.shutdownTimeout;
    this.leaseDuration = b.leaseDuration;
    this.heartbeatInterval = b.heartbeatInterval;
    this.executor = b.executor;
    this.forwardInterval = b.forwardInterval;
    this.recoverInterval = b.recoverInterval;
    this.recoveryDelay = b.recoveryDelay;
    this.janitorInterval = b.janitorInterval;
    this.maintenanceBatch = b.maintenanceBatch;
    this.cancelGrace = b.cancelGrace;
    this.unknownTypeGrace = b.unknownTypeGrace;
    this.maxPollInterval = b.maxPollInterval;
    this.ackFlushDelay = b.ackFlushDelay;
    this.payloadCodec = b.payloadCodec;
  }

  public static WorkerConfig defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Handlers running at once; default: available processors. A handler given up after
   * {@link #cancelGrace()} still counts until it actually returns, so claimed tasks never wait for a
   * thread it holds.
   */
  public int concurrency() {
    return concurrency;
  }

  /** Queues served and their weights, in registration order; default {@code {default=1}}. */
  public Map<String, Integer> queues() {
    return queues;
  }

  /**
   * When true, queues are always tried in descending weight (ties in registration order), so a
   * busy higher queue starves lower ones; when false (default), each claim draws an order at random
   * with each queue's chance to come first proportional to its weight.
   */
  public boolean strictPriority() {
    return strictPriority;
  }

  /** Backoff between attempts; default {@link RetryDelayFunction#exponential()}. */
  public RetryDelayFunction retryDelay() {
    return retryDelay;
  }

  /**
   * Whether a handler's exception counts as a failed attempt; default: every exception does. A
   * "not a failure" exception is retried without counting an attempt (e.g. a rate-limit signal).
   * A predicate that throws makes the attempt a failure, as a {@link RetryDelayFunction} that
   * throws does.
   */
  public Predicate<Throwable> isFailure() {
    return isFailure;
  }

  /** Observer of failed attempts; default: none. */
  public ErrorHandler errorHandler() {
    return errorHandler;
  }

  /**
   * Listeners told what happens to this server's tasks and broker calls, in registration order;
   * default none. The logging listener ({@link #logging()}) comes on top of these.
   */
  public List<TaskbedListener> listeners() {
    return listeners;
  }

  /** How the default listener logs failures and broker outages; default {@link LoggingConfig#defaults()}. */
  public LoggingConfig logging() {
    return logging;
  }

  /** How long shutdown waits for running handlers before cancelling and requeueing them; default 8 s. */
  public Duration shutdownTimeout() {
    return shutdownTimeout;
  }

  /**
   * Lease taken on each claimed task and renewed by heartbeats; default 30 s. The worker trusts a
   * lease until (send time of the last claim or renewal the broker confirmed) + lease − a tenth of
   * it, on its own monotonic clock, and then cancels the handler and discards its result. For a
   * claim resent after its reply was lost, the send time is that of the first attempt, since the
   * broker may have granted the leases then; a lease that arrives already past that point is given
   * back (requeued, no attempt counted) instead of run.
   */
  public Duration leaseDuration() {
    return leaseDuration;
  }

  /** How often leases of running tasks are renewed; less than half the lease; default 5 s. */
  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  /**
   * Executor for handlers, e.g. virtual threads; {@code null} (default) means a fixed pool of
   * {@link #concurrency()} threads. If it rejects a handler ({@code RejectedExecutionException}),
   * that is not a failure of the task: it is given back untouched (requeued, no attempt counted)
   * and the worker pauses claiming for {@link #maxPollInterval()}.
   */
  public Executor executor() {
    return executor;
  }

  /** How often due scheduled and retry tasks are moved to pending; default 5 s. */
  public Duration forwardInterval() {
    return forwardInterval;
  }

  /** How often expired leases are recovered; default 10 s. */
  public Duration recoverInterval() {
    return recoverInterval;
  }

  /** Delay before a recovered task may run again; default 5 s. */
  public Duration recoveryDelay() {
    return recoveryDelay;
  }

  /** How often expired completed and archived tasks are purged; default 8 s. */
  public Duration janitorInterval() {
    return janitorInterval;
  }

  /** Items per maintenance call; default {@value #DEFAULT_MAINTENANCE_BATCH}. */
  public int maintenanceBatch() {
    return maintenanceBatch;
  }

  /**
   * After cancelling a handler, how long the worker keeps its slot and lease waiting for it to
   * return before giving the task up to lease expiry; default 5 s. A handler that has still not
   * returned then is logged as stuck and keeps its slot (its thread is still busy) until it
   * returns, its result ignored. A handler that has not even started when its task is given up
   * or its lease lost (it was waiting for a thread of a busy {@link #executor()}) never starts; one
   * cancelled otherwise while it waited starts already cancelled and interrupted.
   */
  public Duration cancelGrace() {
    return cancelGrace;
  }

  /**
   * How long after enqueue a task with no handler is retried (without counting attempts) before it
   * is archived, for rolling deploys; default zero: archived at once.
   */
  public Duration unknownTypeGrace() {
    return unknownTypeGrace;
  }

  /** An idle worker claims at least this often even without a wake-up hint; default 1 s. */
  public Duration maxPollInterval() {
    return maxPollInterval;
  }

  /**
   * How long completions may wait to be sent together in one broker call; zero sends each at
   * once. They are sent at once anyway when no other handler is running, and a waiting completion
   * does not hold its slot. A crash before the flush only makes those tasks run again after their
   * leases expire.
   * At most 2 ms and under a quarter of the lease; default 1 ms.
   */
  public Duration ackFlushDelay() {
    return ackFlushDelay;
  }

  /**
   * How {@link TaskContext#payloadAs(Class)} decodes payloads; default {@link PayloadCodec#json()}.
   * Use the codec the producers encode with, e.g. {@link PayloadCodec#jackson} over the
   * application's own mapper.
   */
  public PayloadCodec payloadCodec() {
    return payloadCodec;
  }

  /** Builds a {@link WorkerConfig}. */
  public static final class Builder {
    private int concurrency = Runtime.getRuntime().availableProcessors();
    private final Map<String, Integer> queues = new LinkedHashMap<>();
    private boolean strictPriority;
    private RetryDelayFunction retryDelay = RetryDelayFunction.exponential();
    private Predicate<Throwable> isFailure = e -> true;
    private ErrorHandler errorHandler = (ctx, e) -> {};
    private final List<TaskbedListener> listeners = new ArrayList<>();
    private LoggingConfig logging = LoggingConfig.defaults();
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private Duration leaseDuration = DEFAULT_LEASE_DURATION;
    private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
    private Executor executor;
    private Duration forwardInterval = DEFAULT_FORWARD_INTERVAL;
    private Duration recoverInterval = DEFAULT_RECOVER_INTERVAL;
    private Duration recoveryDelay = DEFAULT_RECOVERY_DELAY;
    private Duration janitorInterval = DEFAULT_JANITOR_INTERVAL;
    private int maintenanceBatch = DEFAULT_MAINTENANCE_BATCH;
    private Duration cancelGrace = DEFAULT_CANCEL_GRACE;
    private Duration unknownTypeGrace = Duration.ZERO;
    private Duration maxPollInterval = DEFAULT_MAX_POLL_INTERVAL;
    private Duration ackFlushDelay = DEFAULT_ACK_FLUSH_DELAY;
    private PayloadCodec payloadCodec = PayloadCodec.json();

    private Builder() {}

    public Builder concurrency(int concurrency) {
      this.concurrency = Validation.atLeast("concurrency", concurrency, 1);
      return this;
    }

    /** Serves {@code queue} with {@code weight >= 1}. */
    public Builder queue(String queue, int weight) {
      Validation.queueName(queue);
      if (weight < 1) {
        throw new InvalidOptionException("weight of queue " + queue, weight, "must be >= 1");
      }
      queues.put(queue, weight);
      return this;
    }

    /** Serves each queue of {@code weights}, in the map's iteration order. */
    public Builder queues(Map<String, Integer> weights) {
      weights.forEach(this::queue);
      return this;
    }

    public Builder strictPriority(boolean strict) {
      this.strictPriority = strict;
      return this;
    }

    public Builder retryDelay(RetryDelayFunction f) {
      this.retryDelay = Objects.requireNonNull(f, "retryDelay");
      return this;
    }

    public Builder isFailure(Predicate<Throwable> p) {
      this.isFailure = Objects.requireNonNull(p, "isFailure");
      return this;
    }

    public Builder errorHandler(ErrorHandler h) {
      this.errorHandler = Objects.requireNonNull(h, "errorHandler");
      return this;
    }

    /** Adds a listener; each call adds one more. */
    public Builder listener(TaskbedListener listener) {
      this.listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    public Builder logging(LoggingConfig logging) {
      this.logging = Objects.requireNonNull(logging, "logging");
      return this;
    }

    public Builder shutdownTimeout(Duration d) {
      this.shutdownTimeout = Validation.nonNegative("shutdownTimeout", d);
      return this;
    }

    public Builder leaseDuration(Duration d) {
      this.leaseDuration = Validation.positive("leaseDuration", d);
      return this;
    }

    public Builder heartbeatInterval(Duration d) {
      this.heartbeatInterval = Validation.positive("heartbeatInterval", d);
      return this;
    }

    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public Builder forwardInterval(Duration d) {
      this.forwardInterval = Validation.positive("forwardInterval", d);
      return this;
    }

    public Builder recoverInterval(Duration d) {
      this.recoverInterval = Validation.positive("recoverInterval", d);
      return this;
    }

    public Builder recoveryDelay(Duration d) {
      this.recoveryDelay = Validation.nonNegative("recoveryDelay", d);
      return this;
    }

    public Builder janitorInterval(Duration d) {
      this.janitorInterval = Validation.positive("janitorInterval", d);
      return this;
    }

    public Builder maintenanceBatch(int n) {
      this.maintenanceBatch = Validation.atLeast("maintenanceBatch", n, 1);
      return this;
    }

    public Builder cancelGrace(Duration d) {
      this.cancelGrace = Validation.nonNegative("cancelGrace", d);
      return this;
    }

    public Builder unknownTypeGrace(Duration d) {
      this.unknownTypeGrace = Validation.nonNegative("unknownTypeGrace", d);
      return this;
    }

    public Builder maxPollInterval(Duration d) {
      this.maxPollInterval = Validation.positive("maxPollInterval", d);
      return this;
    }

    public Builder ackFlushDelay(Duration d) {
      Validation.nonNegative("ackFlushDelay", d);
      if (d.compareTo(MAX_ACK_FLUSH_DELAY) > 0) {
        throw new InvalidOptionException("ackFlushDelay", d, "must be at most " + MAX_ACK_FLUSH_DELAY);
      }
      this.ackFlushDelay = d;
      return this;
    }

    public Builder payloadCodec(PayloadCodec codec) {
      this.payloadCodec = Objects.requireNonNull(codec, "payloadCodec");
      return this;
    }

    /** Checks the options against each other and builds. */
    public WorkerConfig build() {
      if (heartbeatInterval.multipliedBy(2).compareTo(leaseDuration) >= 0) {
        throw new InvalidOptionException("heartbeatInterval", heartbeatInterval,
            "must be less than half of leaseDuration " + leaseDuration);
      }
      if (ackFlushDelay.multipliedBy(4).compareTo(leaseDuration) >= 0) {
        throw new InvalidOptionException("ackFlushDelay", ackFlushDelay, "must be under a quarter of leaseDuration " + leaseDuration);
      }
      return new WorkerConfig(this);
    }
  }
}
