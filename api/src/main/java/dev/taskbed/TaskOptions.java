package dev.taskbed;

import dev.taskbed.internal.Validation;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How a task is enqueued: its queue, retry budget, when it may run, how long one attempt may take,
 * its id, deduplication and retention. Immutable; build with {@link #builder()}. Every setter
 * validates at once and throws {@link InvalidOptionException} naming the option and the value.
 *
 * <p>Defaults: queue {@value #DEFAULT_QUEUE}, {@value #DEFAULT_MAX_RETRY} retries, due at once,
 * timeout {@link #DEFAULT_TIMEOUT} per attempt (unless only a deadline is given), a generated id,
 * no uniqueness lock, no retention.
 */
public final class TaskOptions {
  /** Queue used when none is given. */
  public static final String DEFAULT_QUEUE = "default";
  /** Retries after the first attempt when none is given; a failing task runs at most {@code maxRetry + 1} times. */
  public static final int DEFAULT_MAX_RETRY = 25;
  /** Per-attempt timeout used when neither a timeout nor a deadline is given. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

  private static final TaskOptions DEFAULTS = new Builder().build();

  private final String queue;
  private final int maxRetry;
  private final Instant processAt;
  private final Duration processIn;
  private final Duration timeout;
  private final Instant deadline;
  private final String taskId;
  private final Duration uniqueFor;
  private final Duration retention;

  private TaskOptions(Builder b) {
    this.queue = b.queue;
    this.maxRetry = b.maxRetry;
    this.processAt = b.processAt;
    this.processIn = b.processIn;
    this.timeout = b.timeout;
    this.deadline = b.deadline;
    this.taskId = b.taskId;
    this.uniqueFor = b.uniqueFor;
    this.retention = b.retention;
  }

  /** All defaults. */
  public static TaskOptions defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.queue = queue;
    b.maxRetry = maxRetry;
    b.processAt = processAt;
    b.processIn = processIn;
    b.timeout = timeout;
    b.deadline = deadline;
    b.taskId = taskId;
    b.uniqueFor = uniqueFor;
    b.retention = retention;
    return b;
  }

  /** The queue; default {@value #DEFAULT_QUEUE}. */
  public String queue() {
    return queue;
  }

  /** Retries allowed after the first attempt; default {@value #DEFAULT_MAX_RETRY}. */
  public int maxRetry() {
    return maxRetry;
  }

  /** Absolute time before which the task is not delivered (judged by the broker's clock). */
  public Optional<Instant> processAt() {
    return Optional.ofNullable(processAt);
  }

  /** Delay before the task is delivered, added to the broker's clock at enqueue. */
  public Optional<Duration> processIn() {
    return Optional.ofNullable(processIn);
  }

  /**
   * Per-attempt timeout: the explicit one, else none if only a deadline was given, else
   * {@link #DEFAULT_TIMEOUT}.
   */
  public Optional<Duration> timeout() {
    if (timeout != null) {
      return Optional.of(timeout);
    }
    return deadline != null ? Optional.empty() : Optional.of(DEFAULT_TIMEOUT);
  }

  /** Absolute time after which no attempt may still run. */
  public Optional<Instant> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** The caller-chosen task id; when empty the client generates one. */
  public Optional<String> taskId() {
    return Optional.ofNullable(taskId);
  }

  /** Deduplication window for (queue, type, payload); empty means no uniqueness lock. */
  public Optional<Duration> uniqueFor() {
    return Optional.ofNullable(uniqueFor);
  }

  /** How long a completed task stays visible as {@link TaskState#COMPLETED}; default zero (removed at once). */
  public Duration retention() {
    return retention;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskOptions t
        && queue.equals(t.queue)
        && maxRetry == t.maxRetry
        && Objects.equals(processAt, t.processAt)
        && Objects.equals(processIn, t.processIn)
        && Objects.equals(timeout, t.timeout)
        && Objects.equals(deadline, t.deadline)
        && Objects.equals(taskId, t.taskId)
        && Objects.equals(uniqueFor, t.uniqueFor)
        && retention.equals(t.retention);
  }

  @Override
  public int hashCode() {
    return Objects.hash(queue, maxRetry, processAt, processIn, timeout, deadline, taskId, uniqueFor, retention);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("TaskOptions{queue=").append(queue).append(", maxRetry=").append(maxRetry);
    if (processAt != null) s.append(", processAt=").append(processAt);
    if (processIn != null) s.append(", processIn=").append(processIn);
    if (timeout != null) s.append(", timeout=").append(timeout);
    if (deadline != null) s.append(", deadline=").append(deadline);
    if (taskId != null) s.append(", taskId=").append(taskId);
    if (uniqueFor != null) s.append(", uniqueFor=").append(uniqueFor);
    if (!retention.isZero()) s.append(", retention=").append(retention);
    return s.append('}').toString();
  }

  /** Builds {@link TaskOptions}; each setter validates its argument. Not thread-safe. */
  public static final class Builder {
    private String queue = DEFAULT_QUEUE;
    private int maxRetry = DEFAULT_MAX_RETRY;
    private Instant processAt;
    private Duration processIn;
    private Duration timeout;
    private Instant deadline;
    private String taskId;
    private Duration uniqueFor;
    private Duration retention = Duration.ZERO;

    private Builder() {}

    /** Queue name: 1–{@value Validation#MAX_QUEUE_NAME_LENGTH} characters of {@code A-Z a-z 0-9 _ - . :}. */
    public Builder queue(String queue) {
      this.queue = Validation.queueName(queue);
      return this;
    }

    /** Retries after the first attempt, {@code >= 0}. */
    public Builder maxRetry(int maxRetry) {
      if (maxRetry < 0) {
        throw new InvalidOptionException("maxRetry", maxRetry, "must be >= 0");
      }
      this.maxRetry = maxRetry;
      return this;
    }

    /** Deliver no earlier than this instant; replaces any {@link #processIn}. A past instant means now. */
    public Builder processAt(Instant processAt) {
      this.processAt = Objects.requireNonNull(processAt, "processAt");
      this.processIn = null;
      return this;
    }

    /** Deliver after this delay, measured on the broker's clock; replaces any {@link #processAt}. */
    public Builder processIn(Duration delay) {
      Validation.nonNegative("processIn", delay);
      this.processIn = delay;
      this.processAt = null;
      return this;
    }

    /** Per-attempt timeout, {@code > 0}. */
    public Builder timeout(Duration timeout) {
      Validation.positive("timeout", timeout);
      this.timeout = timeout;
      return this;
    }

    /** Absolute deadline for every attempt. */
    public Builder deadline(Instant deadline) {
      this.deadline = Objects.requireNonNull(deadline, "deadline");
      return this;
    }

    /**
     * A caller-chosen id, unique per queue: 1–{@value Validation#MAX_TASK_ID_BYTES} UTF-8 bytes, no
     * whitespace or control characters. Enqueueing the same id and content again is idempotent.
     */
    public Builder taskId(String taskId) {
      this.taskId = Validation.taskId(taskId);
      return this;
    }

    /**
     * Hold a uniqueness lock on (queue, type, payload) for this long after the task becomes due,
     * or until it completes, is revoked or deleted; {@code > 0}.
     */
    public Builder uniqueFor(Duration window) {
      Validation.positive("uniqueFor", window);
      this.uniqueFor = window;
      return this;
    }

    /** Keep the task as {@link TaskState#COMPLETED} for this long after success, {@code >= 0}. */
    public Builder retention(Duration retention) {
      Validation.nonNegative("retention", retention);
      this.retention = retention;
      return this;
    }

    public TaskOptions build() {
      return new TaskOptions(this);
    }
  }
}
