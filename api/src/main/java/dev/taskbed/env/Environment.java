package dev.taskbed.env;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * Everything the runtime needs from the outside world that would otherwise make it
 * non-deterministic: wall and monotonic time, timers, background work, threads for handlers and
 * randomness. The runtime never reads {@code System.currentTimeMillis()}, sleeps, or starts threads
 * on its own; it asks its environment.
 */
public interface Environment {

  /** The production environment: the system clock, daemon threads and a thread-safe random. */
  static Environment system() {
    return SystemEnvironment.INSTANCE;
  }

  /** Wall-clock time (epoch milliseconds via {@link Clock#millis()}). */
  Clock clock();

  /** Monotonic time in nanoseconds, for measuring intervals; unrelated to wall time. */
  long nanoTime();

  /**
   * Runs {@code action} once after {@code delay}. Timer actions must be short and must not block;
   * hand blocking work to {@link #execute}.
   */
  Cancellable schedule(Duration delay, Runnable action);

  /** Runs {@code action}, which may block on I/O, in the background. */
  void execute(Runnable action);

  /**
   * An executor for task handlers with room for {@code threads} concurrent handlers. The caller
   * owns it and calls {@link #releaseHandlerExecutor} when done.
   */
  Executor newHandlerExecutor(int threads);

  /** Releases an executor obtained from {@link #newHandlerExecutor}. */
  void releaseHandlerExecutor(Executor executor);

  /** The random source for ids, nonces, jitter and queue draws. Thread-safe in the system environment. */
  RandomGenerator random();

  /** Lets {@code duration} pass for the calling thread (e.g. between client retries). */
  void sleep(Duration duration) throws InterruptedException;
}
