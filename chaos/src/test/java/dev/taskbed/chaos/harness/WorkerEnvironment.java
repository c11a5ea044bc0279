package dev.taskbed.chaos.harness;

import dev.taskbed.env.Cancellable;
import dev.taskbed.env.Environment;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * The environment of one worker in the test JVM: real time and real threads like the production
 * environment, but with threads named after the worker (so the history says who made each call),
 * a seeded random, and a wall clock that may be set off by a fixed amount to model a host whose
 * clock is wrong. The monotonic clock is never skewed: a wrong wall clock does not make intervals
 * wrong, which is why the runtime fences on {@link #nanoTime()} and Redis judges leases on its own
 * {@code TIME}.
 */
public final class WorkerEnvironment implements Environment, AutoCloseable {
  private final String name;
  private final Clock clock;
  private final RandomGenerator random;
  private final ScheduledThreadPoolExecutor timers;
  private final ExecutorService background;

  /**
   * @param name prefix of every thread name
   * @param clockOffset how far this worker's wall clock is off (positive: ahead)
   * @param seed seed of the worker's random (ids of claim requests, jitter, queue draws)
   */
  public WorkerEnvironment(String name, Duration clockOffset, long seed) {
    this.name = name;
    this.clock = clockOffset.isZero() ? Clock.systemUTC() : Clock.offset(Clock.systemUTC(), clockOffset);
    this.random = new Random(seed);
    this.timers = new ScheduledThreadPoolExecutor(1, threads(name + "-timer"));
    this.timers.setRemoveOnCancelPolicy(true);
    this.background = Executors.newCachedThreadPool(threads(name + "-io"));
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable action) {
    var future = timers.schedule(action, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public void execute(Runnable action) {
    background.execute(action);
  }

  @Override
  public Executor newHandlerExecutor(int threads) {
    return Executors.newFixedThreadPool(threads, threads(name + "-handler"));
  }

  @Override
  public void releaseHandlerExecutor(Executor executor) {
    if (executor instanceof ExecutorService s) {
      s.shutdownNow();
    }
  }

  @Override
  public RandomGenerator random() {
    return random;
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    Thread.sleep(Math.max(0, duration.toMillis()));
  }

  /** Stops this worker's threads (after its server has shut down or crashed). */
  @Override
  public void close() {
    timers.shutdownNow();
    background.shutdownNow();
  }

  private static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
