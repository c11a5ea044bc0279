package dev.taskbed;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a failed task waits before its next attempt.
 *
 * <p>Randomness comes from {@code random} (the worker's seeded generator), never from a source of
 * its own, so simulations replay exactly.
 */
@FunctionalInterface
public interface RetryDelayFunction {
  /** Longest delay the worker applies (about ten years); a longer one is shortened to this. */
  Duration MAX_DELAY = Duration.ofDays(3_650);

  /**
   * @param retryCount failed attempts counted before this failure (0 on the first failure)
   * @param error what the handler threw
   * @param task the failed task
   * @param random the worker's random source
   * @return a delay {@code >= 0}; {@code null} or negative means at once, and a delay longer than
   *     {@link #MAX_DELAY} is shortened to it. If this method throws, the attempt still counts as
   *     failed: the retry waits the {@link #exponential()} delay, what it threw goes to the error
   *     handler and into the task's last error, next to the handler's own error.
   */
  Duration delay(int retryCount, Throwable error, Task task, RandomGenerator random);

  /**
   * The default, after Sidekiq and Asynq: {@code n^4 + 15 + rand(30) * (n + 1)} seconds for the
   * {@code n}-th retry (15–44 s first, about 3.8 days by the 25th).
   */
  static RetryDelayFunction exponential() {
    return (n, error, task, random) -> {
      long base = (long) n * n * n * n + 15;
      return Duration.ofSeconds(base + (long) random.nextInt(30) * (n + 1));
    };
  }

  /** A constant delay, handy in tests and for rate-limit style retries. */
  static RetryDelayFunction fixed(Duration delay) {
    return (n, error, task, random) -> delay;
  }
}
