package dev.taskbed.event;

import dev.taskbed.internal.Validation;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.event.Level;

/**
 * How the runtime's default listener logs through SLF4J (logger {@code dev.taskbed.events}).
 * Immutable; {@link #defaults()}, {@link #off()} or {@link #builder()}.
 *
 * <p>It logs one line per failed attempt (task id, type, queue, attempt n of max, what happens next,
 * the exception), one per archived task, lease lost, stuck handler and requeue at shutdown, and one
 * line when the broker becomes unreachable and one when it is back, with the outage length.
 *
 * <p>So that a burst of identical failures does not flood the log, failure lines are summarised per
 * task type and exception class (lost-lease lines per task type): at most {@link #maxLinesPerInterval()} lines per
 * {@link #summaryInterval()}, then one line saying how many more were left out.
 *
 * <p>Independently of this config, while a handler runs on a {@code Server}'s executor the MDC holds
 * {@link #MDC_TASK_ID}, {@link #MDC_QUEUE}, {@link #MDC_TYPE} and {@link #MDC_ATTEMPT} (from 1), so
 * the application's own log lines inside a handler carry them; they are removed when it returns.
 */
public final class LoggingConfig {
  public static final String MDC_TASK_ID = "taskbed.task_id";
  public static final String MDC_QUEUE = "taskbed.queue";
  public static final String MDC_TYPE = "taskbed.type";
  public static final String MDC_ATTEMPT = "taskbed.attempt";
  public static final int DEFAULT_MAX_LINES_PER_INTERVAL = 60;
  public static final Duration DEFAULT_SUMMARY_INTERVAL = Duration.ofMinutes(1);

  private static final LoggingConfig DEFAULTS = builder().build();
  private static final LoggingConfig OFF = builder().enabled(false).build();

  private final boolean enabled;
  private final Level failureLevel;
  private final Level archivedLevel;
  private final boolean stackTraces;
  private final int maxLinesPerInterval;
  private final Duration summaryInterval;

  private LoggingConfig(Builder b) {
    this.enabled = b.enabled;
    this.failureLevel = b.failureLevel;
    this.archivedLevel = b.archivedLevel;
    this.stackTraces = b.stackTraces;
    this.maxLinesPerInterval = b.maxLinesPerInterval;
    this.summaryInterval = b.summaryInterval;
  }

  public static LoggingConfig defaults() {
    return DEFAULTS;
  }

  /** No logging by the default listener (the runtime's own diagnostics still log). */
  public static LoggingConfig off() {
    return OFF;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether the default listener logs at all; default true. */
  public boolean enabled() {
    return enabled;
  }

  /** Level of a failed attempt that will be retried; default WARN. */
  public Level failureLevel() {
    return failureLevel;
  }

  /** Level of an attempt after which the task is archived; default ERROR. */
  public Level archivedLevel() {
    return archivedLevel;
  }

  /** Whether failure lines carry the exception's stack trace; default true (otherwise its toString). */
  public boolean stackTraces() {
    return stackTraces;
  }

  /** Failure lines per task type and exception class per {@link #summaryInterval()}; default 60. */
  public int maxLinesPerInterval() {
    return maxLinesPerInterval;
  }

  /** The window of {@link #maxLinesPerInterval()}; default 1 minute. */
  public Duration summaryInterval() {
    return summaryInterval;
  }

  /** Builds a {@link LoggingConfig}. */
  public static final class Builder {
    private boolean enabled = true;
    private Level failureLevel = Level.WARN;
    private Level archivedLevel = Level.ERROR;
    private boolean stackTraces = true;
    private int maxLinesPerInterval = DEFAULT_MAX_LINES_PER_INTERVAL;
    private Duration summaryInterval = DEFAULT_SUMMARY_INTERVAL;

    private Builder() {}

    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    public Builder failureLevel(Level level) {
      this.failureLevel = Objects.requireNonNull(level, "failureLevel");
      return this;
    }

    public Builder archivedLevel(Level level) {
      this.archivedLevel = Objects.requireNonNull(level, "archivedLevel");
      return this;
    }

    public Builder stackTraces(boolean stackTraces) {
      this.stackTraces = stackTraces;
      return this;
    }

    public Builder maxLinesPerInterval(int lines) {
      this.maxLinesPerInterval = Validation.atLeast("maxLinesPerInterval", lines, 1);
      return this;
    }

    public Builder summaryInterval(Duration interval) {
      this.summaryInterval = Validation.positive("summaryInterval", interval);
      return this;
    }

    public LoggingConfig build() {
      return new LoggingConfig(this);
    }
  }
}
