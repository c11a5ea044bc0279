package dev.taskbed.simulator.process;

import dev.taskbed.env.Cancellable;
import dev.taskbed.env.Environment;
import dev.taskbed.env.VirtualEnvironment;
import dev.taskbed.spi.Broker;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The {@link Environment} of one process of a run (a worker server, a producer, a client), and the
 * seam through which the harness does to it what an operating system can do to a process from
 * outside. The runtime is given this environment like any other and is never told:
 *
 * <ul>
 *   <li><b>Stall</b> (a long GC pause, {@code SIGSTOP}): every timer, background job and handler
 *       start of the process that falls due is held instead of run, and its sleeping handlers stay
 *       asleep. Time keeps passing, so when the stall ends the held events run at once, late and in
 *       the order they fell due, as a process waking from a pause sees its overdue timers fire.
 *   <li><b>Kill</b> ({@code kill -9}): nothing the process scheduled ever runs again, its sleeping
 *       handlers never return normally, and every broker call it makes through {@link #broker}
 *       fails (its wake-up subscriptions are closed), so nothing it does reaches the backend any
 *       more. Leases it held are left to expire, exactly as after a real crash.
 * </ul>
 *
 * Everything a {@link dev.taskbed.Server} does happens in such events, on its handler executor or
 * through its broker, so gating them gates the whole process; no hook into the runtime is needed.
 *
 * <p>Two kinds of time:
 * <ul>
 *   <li>{@link #inVirtualTime}: events run on the shared {@link VirtualEnvironment} of the run, on
 *       the thread that drives it. Handlers are ordinary blocking code: each runs on a carrier
 *       thread in lockstep with that thread ({@link LockstepExecutor}), and {@link #sleep} on a
 *       carrier is a virtual timer, so the whole run replays from its seed.
 *   <li>{@link #inRealTime}: the process owns its threads, named after it ({@code <name>-timer-1},
 *       {@code <name>-io-3}, {@code <name>-handler-2}), so a recorded history says which process
 *       made each call; its wall clock may be set off by a fixed amount to model a host whose clock
 *       is wrong. The monotonic clock is never skewed.
 * </ul>
 *
 * Thread-safe.
 */
public final class ProcessEnvironment implements Environment, AutoCloseable {
  private final String name;
  private final Host host;
  private final Clock clock;
  private final RandomGenerator random;
  private final List<HeldEvent> held = new ArrayList<>();
  private final List<Runnable> onKill = new ArrayList<>();
  private boolean stalled;
  private boolean killed;

  private ProcessEnvironment(String name, Clock clock, RandomGenerator random, Function<ProcessEnvironment, Host> host) {
    this.name = Objects.requireNonNull(name, "name");
    this.clock = clock;
    this.random = random;
    this.host = host.apply(this);
  }

  /**
   * A process whose events run on {@code loop}, the run's virtual environment, sharing its clock
   * and seeded random.
   */
  public static ProcessEnvironment inVirtualTime(String name, VirtualEnvironment loop) {
    return new ProcessEnvironment(name, loop.clock(), loop.random(), p -> new VirtualHost(p, loop));
  }

  /**
   * A process on its own named daemon threads and the system clock.
   *
   * @param clockOffset how far its wall clock is off (positive: ahead); never its monotonic clock
   * @param seed seed of its random (claim request ids, jitter, queue draws)
   */
  public static ProcessEnvironment inRealTime(String name, Duration clockOffset, long seed) {
    Clock clock = clockOffset.isZero() ? Clock.systemUTC() : Clock.offset(Clock.systemUTC(), clockOffset);
    return new ProcessEnvironment(name, clock, new Random(seed), p -> new RealHost(p, name));
  }

  public String name() {
    return name;
  }

  // ------------------------------------------------------------------ what happens to the process

  /** Freezes the process; returns false if it was already stalled or is dead. */
  public synchronized boolean stall() {
    if (stalled || killed) {
      return false;
    }
    stalled = true;
    return true;
  }

  /** Wakes the process: everything that fell due meanwhile runs now, in the order it fell due. */
  public void resume() {
    List<HeldEvent> due;
    synchronized (this) {
      if (!stalled) {
        return;
      }
      stalled = false;
      due = List.copyOf(held);
      held.clear();
      notifyAll(); // sleeping handlers of a real-time process may go on
    }
    for (HeldEvent e : due) {
      submit(e, e.target);
    }
  }

  /** Kills the process: nothing it scheduled runs again, and its broker calls fail. Idempotent. */
  public void kill() {
    List<Runnable> hooks;
    synchronized (this) {
      if (killed) {
        return;
      }
      killed = true;
      held.clear();
      notifyAll(); // sleeping handlers of a real-time process unwind
      hooks = List.copyOf(onKill);
      onKill.clear();
    }
    hooks.forEach(Runnable::run);
    host.kill();
  }

  public synchronized boolean isKilled() {
    return killed;
  }

  /**
   * {@code shared} as this process sees it: once the process is killed every call fails with
   * {@link dev.taskbed.BrokerUnavailableException} and its wake-up subscriptions are closed. The
   * shared broker itself is never closed through this view.
   */
  public Broker broker(Broker shared) {
    return new ProcessBroker(shared, this);
  }

  /** Runs {@code hook} when the process is killed, or now if it already was. */
  void onKill(Runnable hook) {
    synchronized (this) {
      if (!killed) {
        onKill.add(hook);
        return;
      }
    }
    hook.run();
  }

  /** Stops the threads of a real-time process once its work is over (after a shutdown or a kill). */
  @Override
  public void close() {
    host.close();
  }

  // ------------------------------------------------------------------ Environment

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public long nanoTime() {
    return host.nanoTime();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable action) {
    HeldEvent e = new HeldEvent(action, host.background());
    Cancellable timer = host.schedule(delay, e);
    return () -> {
      e.cancelled = true;
      timer.cancel();
    };
  }

  @Override
  public void execute(Runnable action) {
    dispatch(action, host.background());
  }

  /** Runs {@code action} through the gate on {@code target} (which runs it later, never inline). */
  void dispatch(Runnable action, Executor target) {
    submit(new HeldEvent(action, target), target);
  }

  private static void submit(Runnable event, Executor target) {
    try {
      target.execute(event);
    } catch (RejectedExecutionException rejected) {
      // the process's threads are gone (killed or closed): so is the work
    }
  }

  @Override
  public Executor newHandlerExecutor(int threads) {
    return host.newHandlerExecutor(threads);
  }

  @Override
  public void releaseHandlerExecutor(Executor executor) {
    host.releaseHandlerExecutor(executor);
  }

  @Override
  public RandomGenerator random() {
    return random;
  }

  /**
   * Lets {@code duration} pass for the calling thread. On a handler of this process: its own
   * virtual timer in virtual time (the rest of the run goes on meanwhile); in real time a sleep
   * that also waits out a stall. Either way an interrupt (the handler's cancellation) ends it with
   * {@link InterruptedException}, and a kill ends it with an error that unwinds the handler.
   * Elsewhere in virtual time, as {@link VirtualEnvironment#sleep}: the clock moves for everyone.
   */
  @Override
  public void sleep(Duration duration) throws InterruptedException {
    host.sleep(duration);
  }

  /** Real-time sleep of a handler or background thread: the whole duration, then any stall. */
  void sleepInRealTime(Duration duration) throws InterruptedException {
    long deadline = System.nanoTime() + Math.max(0, duration.toNanos());
    synchronized (this) {
      while (!killed) {
        long left = deadline - System.nanoTime();
        if (left <= 0 && !stalled) {
          return;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left > 0 ? left : TimeUnit.MILLISECONDS.toNanos(100));
      }
    }
    throw new ProcessKilled(name);
  }

  /** One action of this process; cancelling it also stops a held copy from running. */
  private final class HeldEvent implements Runnable {
    final Runnable action;
    final Executor target;
    volatile boolean cancelled;

    HeldEvent(Runnable action, Executor target) {
      this.action = action;
      this.target = target;
    }

    @Override
    public void run() {
      synchronized (ProcessEnvironment.this) {
        if (killed || cancelled) {
          return;
        }
        if (stalled) {
          held.add(this);
          return;
        }
      }
      try {
        action.run();
      } catch (ProcessKilled e) {
        // the process died under this action
      } finally {
        host.afterStep();
      }
    }
  }

  // ------------------------------------------------------------------ hosts

  /** Where a process's events, handlers and sleeps run. */
  private interface Host {
    long nanoTime();

    Cancellable schedule(Duration delay, Runnable gated);

    /** Runs gated background work. */
    Executor background();

    Executor newHandlerExecutor(int threads);

    void releaseHandlerExecutor(Executor executor);

    void sleep(Duration duration) throws InterruptedException;

    /** After each event of the process: a chance to notice what it did (interrupts). */
    void afterStep();

    void kill();

    void close();
  }

  /** Events on the run's virtual event loop; handlers in lockstep with it. */
  private static final class VirtualHost implements Host {
    private final ProcessEnvironment process;
    private final VirtualEnvironment loop;
    private final List<LockstepExecutor> handlers = new ArrayList<>();

    VirtualHost(ProcessEnvironment process, VirtualEnvironment loop) {
      this.process = process;
      this.loop = loop;
    }

    @Override
    public long nanoTime() {
      return loop.nanoTime();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable gated) {
      return loop.schedule(delay, gated);
    }

    @Override
    public Executor background() {
      return loop::execute;
    }

    @Override
    public synchronized Executor newHandlerExecutor(int threads) {
      LockstepExecutor e = new LockstepExecutor(process, loop, process.name + "-handler");
      handlers.add(e);
      return e;
    }

    @Override
    public synchronized void releaseHandlerExecutor(Executor executor) {
      if (executor instanceof LockstepExecutor e && handlers.remove(e)) {
        e.release();
      }
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      LockstepExecutor.Carrier carrier = LockstepExecutor.current();
      if (carrier != null) {
        carrier.sleep(duration);
      } else {
        loop.sleep(duration);
      }
    }

    @Override
    public void afterStep() {
      for (LockstepExecutor e : snapshot()) {
        e.wakeInterrupted();
      }
    }

    @Override
    public void kill() {
      for (LockstepExecutor e : snapshot()) {
        e.kill();
      }
    }

    @Override
    public void close() {
      for (LockstepExecutor e : snapshot()) {
        e.release();
      }
    }

    private synchronized List<LockstepExecutor> snapshot() {
      return List.copyOf(handlers);
    }
  }

  /** The process's own daemon threads on real time. */
  private static final class RealHost implements Host {
    private final ProcessEnvironment process;
    private final ScheduledThreadPoolExecutor timers;
    private final ExecutorService background;
    private final ThreadFactory handlerThreads;
    private final List<ExecutorService> handlers = new ArrayList<>();

    RealHost(ProcessEnvironment process, String name) {
      this.process = process;
      this.timers = new ScheduledThreadPoolExecutor(1, threads(name + "-timer"));
      this.timers.setRemoveOnCancelPolicy(true);
      this.timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
      this.background = Executors.newCachedThreadPool(threads(name + "-io"));
      this.handlerThreads = threads(name + "-handler");
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable gated) {
      try {
        var future = timers.schedule(gated, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
      } catch (RejectedExecutionException e) {
        return () -> {}; // the process is gone
      }
    }

    @Override
    public Executor background() {
      return background;
    }

    @Override
    public synchronized Executor newHandlerExecutor(int threads) {
      ExecutorService pool = Executors.newFixedThreadPool(threads, handlerThreads);
      handlers.add(pool);
      return r -> process.dispatch(r, pool);
    }

    @Override
    public void releaseHandlerExecutor(Executor executor) {
      // The pools are stopped with the process (close or kill): a released one just idles.
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      process.sleepInRealTime(duration);
    }

    @Override
    public void afterStep() {}

    /** No interrupts: a call in flight finishes on its own, and whatever follows it is gated. */
    @Override
    public void kill() {
      timers.shutdown();
      background.shutdown();
      pools().forEach(ExecutorService::shutdown);
    }

    @Override
    public void close() {
      timers.shutdownNow();
      background.shutdownNow();
      pools().forEach(ExecutorService::shutdownNow);
    }

    private synchronized List<ExecutorService> pools() {
      return List.copyOf(handlers);
    }

    private static ThreadFactory threads(String prefix) {
      AtomicInteger n = new AtomicInteger();
      return r -> {
        Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((thread, e) -> {
          if (!(e instanceof ProcessKilled)) {
            thread.getThreadGroup().uncaughtException(thread, e);
          }
        });
        return t;
      };
    }
  }
}
