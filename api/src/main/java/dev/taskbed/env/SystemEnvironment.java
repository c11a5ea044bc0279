package dev.taskbed.env;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * The production environment: the one place in the runtime that touches the system clock and
 * creates threads. All threads are daemons, so a forgotten worker never keeps a JVM alive.
 */
final class SystemEnvironment implements Environment {
  static final SystemEnvironment INSTANCE = new SystemEnvironment();

  private final ScheduledExecutorService timers;
  private final ExecutorService background;

  private SystemEnvironment() {
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemonThreads("taskbed-timer"));
    t.setRemoveOnCancelPolicy(true);
    this.timers = t;
    this.background = Executors.newCachedThreadPool(daemonThreads("taskbed-io"));
  }

  @Override
  public Clock clock() {
    return Clock.systemUTC();
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
    return Executors.newFixedThreadPool(threads, daemonThreads("taskbed-handler"));
  }

  @Override
  public void releaseHandlerExecutor(Executor executor) {
    if (executor instanceof ExecutorService s) {
      s.shutdown();
    }
  }

  @Override
  public RandomGenerator random() {
    return ThreadLocalRandom.current();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    Thread.sleep(Math.max(0, duration.toMillis()));
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
