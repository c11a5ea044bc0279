package dev.taskbed.internal;

import dev.taskbed.CancelReason;
import dev.taskbed.NoHandlerException;
import dev.taskbed.RetryDelayFunction;
import dev.taskbed.RevokeTask;
import dev.taskbed.SkipRetry;
import dev.taskbed.Task;
import dev.taskbed.TaskInfo;
import dev.taskbed.WorkerConfig;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.LeaseToken;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * What to tell the broker once an attempt's handler has finished: the runtime's whole retry policy
 * in one pure function, {@link #decide}.
 */
public sealed interface AckPlan {
  /** Longest error message stored with a task. */
  int MAX_ERROR_LENGTH = 1000;

  /** Sends this plan to the broker as the ack for {@code token}. */
  AckStatus send(Broker broker, LeaseToken token);

  record Complete() implements AckPlan {
    @Override
    public AckStatus send(Broker broker, LeaseToken token) {
      return broker.complete(token);
    }
  }

  record Revoke() implements AckPlan {
    @Override
    public AckStatus send(Broker broker, LeaseToken token) {
      return broker.revoke(token);
    }
  }

  record Retry(long delayMillis, String error, boolean countAttempt) implements AckPlan {
    @Override
    public AckStatus send(Broker broker, LeaseToken token) {
      return broker.retry(token, delayMillis, error, countAttempt);
    }
  }

  record Archive(String error, boolean countAttempt) implements AckPlan {
    @Override
    public AckStatus send(Broker broker, LeaseToken token) {
      return broker.archive(token, error, countAttempt);
    }
  }

  record Requeue() implements AckPlan {
    @Override
    public AckStatus send(Broker broker, LeaseToken token) {
      return broker.requeue(token);
    }
  }

  /**
   * Decides the ack for an attempt of {@code info} whose handler finished with {@code error}
   * ({@code null} on a normal return) after being cancelled for {@code cancel} ({@code null} if not
   * cancelled). Lease loss is not handled here: such results are discarded before deciding.
   */
  static AckPlan decide(TaskInfo info, Task task, Throwable error, CancelReason cancel, WorkerConfig config,
      long nowMillis, RandomGenerator random) {
    if (cancel == CancelReason.SHUTDOWN) {
      return error == null ? new Complete() : new Requeue();
    }
    if (cancel == CancelReason.TIMEOUT || cancel == CancelReason.DEADLINE) {
      String why = cancel == CancelReason.TIMEOUT ? "attempt timed out after " + info.timeout() : "deadline exceeded";
      return failure(info, task, new java.util.concurrent.TimeoutException(why), config, random);
    }
    if (error == null) {
      return new Complete();
    }
    if (find(error, RevokeTask.class) != null) {
      return new Revoke();
    }
    SkipRetry skip = find(error, SkipRetry.class);
    if (skip != null) {
      return new Archive(describe(skip), true);
    }
    NoHandlerException noHandler = find(error, NoHandlerException.class);
    if (noHandler != null) {
      long graceEnds = info.enqueuedAt().toEpochMilli() + config.unknownTypeGrace().toMillis();
      if (nowMillis < graceEnds) {
        long delay = Math.min(delayMillis(info, task, error, config, random), graceEnds - nowMillis);
        return new Retry(delay, describe(noHandler), false);
      }
      return new Archive(describe(noHandler), true);
    }
    if (!config.isFailure().test(error)) {
      return new Retry(delayMillis(info, task, error, config, random), describe(error), false);
    }
    return failure(info, task, error, config, random);
  }

  private static AckPlan failure(TaskInfo info, Task task, Throwable error, WorkerConfig config, RandomGenerator random) {
    if (info.attempts() + 1 > info.maxRetry()) {
      return new Archive(describe(error), true);
    }
    return new Retry(delayMillis(info, task, error, config, random), describe(error), true);
  }

  /**
   * The ack when {@link #decide} threw, i.e. the application's retry policy (its
   * {@link dev.taskbed.RetryDelayFunction} or failure predicate) failed on {@code error}
   * ({@code null} after a timeout): the attempt counts as failed, a retry waits the default
   * backoff, and the stored error names both failures.
   */
  static AckPlan afterPolicyFailure(TaskInfo info, Task task, Throwable error, Throwable policyError, RandomGenerator random) {
    String why = error == null
        ? "the retry policy threw " + describe(policyError)
        : describe(error) + " (then the retry policy threw " + describe(policyError) + ")";
    if (info.attempts() + 1 > info.maxRetry()) {
      return new Archive(shorten(why), true);
    }
    Duration delay = RetryDelayFunction.exponential().delay(info.attempts(), policyError, task, random);
    return new Retry(delay.toMillis(), shorten(why), true);
  }

  private static long delayMillis(TaskInfo info, Task task, Throwable error, WorkerConfig config, RandomGenerator random) {
    Duration d = config.retryDelay().delay(info.attempts(), error, task, random);
    if (d == null || d.isNegative()) {
      return 0;
    }
    return (d.compareTo(RetryDelayFunction.MAX_DELAY) > 0 ? RetryDelayFunction.MAX_DELAY : d).toMillis();
  }

  private static <T extends Throwable> T find(Throwable error, Class<T> type) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** A short, stored description of an error: its type and message. */
  static String describe(Throwable error) {
    String message = error.getMessage();
    return shorten(message == null ? error.getClass().getName() : error.getClass().getSimpleName() + ": " + message);
  }

  private static String shorten(String text) {
    return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH - 1) + "…";
  }
}
