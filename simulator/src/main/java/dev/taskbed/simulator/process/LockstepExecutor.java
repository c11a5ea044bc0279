package dev.taskbed.simulator.process;

import dev.taskbed.env.Cancellable;
import dev.taskbed.env.VirtualEnvironment;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * The handler executor of a process on virtual time. Handlers are ordinary blocking
 * {@link dev.taskbed.Handler}s; each runs on a carrier thread, but never at the same time as
 * anything else.
 *
 * <h2>Lockstep</h2>
 *
 * The thread driving the run's event loop starts a handler by handing control to a carrier and
 * waiting until the carrier hands it back, which the carrier does when its handler sleeps
 * ({@link ProcessEnvironment#sleep}) or returns. A sleep schedules a virtual timer whose event
 * hands control to the carrier again. So exactly one thread runs at any moment, in the order the
 * events say: a run is still a deterministic function of its seed, and a handler that sleeps an
 * hour costs no real time. Every handoff goes through a semaphore, which also makes whatever one
 * thread wrote visible to the next.
 *
 * <h2>Interrupts</h2>
 *
 * Cancelling an attempt interrupts its handler's thread. A carrier records an interrupt sent while
 * it waits for its turn instead of taking it, and after every step of the process the executor
 * wakes each sleeping carrier that was interrupted, through an event at the current time; its sleep
 * then throws {@link InterruptedException}, as {@code Thread.sleep} would. An interrupt therefore
 * takes effect at a point fixed by the events, never by the thread scheduler.
 *
 * <h2>Kill</h2>
 *
 * A killed process's sleeping handlers are woken one by one with {@link ProcessKilled}, which
 * unwinds them through the runtime (whose follow-up work the dead process's environment and broker
 * drop), and every carrier thread ends.
 */
final class LockstepExecutor implements Executor {
  private final ProcessEnvironment process;
  private final VirtualEnvironment loop;
  private final String threadPrefix;
  private final Deque<Carrier> idle = new ArrayDeque<>();
  /** Carriers whose handler sleeps, in the order they fell asleep. */
  private final Set<Carrier> sleeping = new LinkedHashSet<>();
  private int threads;
  /** Released or killed: carriers end once their handler does. */
  private boolean closed;

  LockstepExecutor(ProcessEnvironment process, VirtualEnvironment loop, String threadPrefix) {
    this.process = process;
    this.loop = loop;
    this.threadPrefix = threadPrefix;
  }

  /** The carrier the calling thread is, or {@code null}. */
  static Carrier current() {
    return Thread.currentThread() instanceof CarrierThread t ? t.carrier : null;
  }

  /** Starts {@code handler} in an event of the process, so a stalled process starts nothing. */
  @Override
  public void execute(Runnable handler) {
    process.dispatch(() -> start(handler), loop::execute);
  }

  private void start(Runnable handler) {
    Carrier c;
    synchronized (this) {
      if (closed) {
        return;
      }
      c = idle.pollFirst();
      if (c == null) {
        c = new Carrier(threadPrefix + "-" + ++threads);
      }
    }
    c.task = handler;
    c.resume();
  }

  /** After a step of the process: wakes, at the current time, every sleeping carrier that was interrupted. */
  void wakeInterrupted() {
    List<Carrier> due;
    synchronized (this) {
      due = sleeping.stream().filter(c -> c.thread.interruptPending && !c.waking).toList();
    }
    for (Carrier c : due) {
      c.waking = true;
      c.alarm.cancel();
      c.alarm = process.schedule(Duration.ZERO, c::wake);
    }
  }

  /** The runtime is done with this executor: idle carriers end, busy ones once their handler returns. */
  void release() {
    List<Carrier> spare;
    synchronized (this) {
      closed = true;
      spare = List.copyOf(idle);
      idle.clear();
    }
    spare.forEach(Carrier::end);
  }

  /** The process was killed: sleeping handlers unwind, and every carrier ends. */
  void kill() {
    List<Carrier> asleep;
    List<Carrier> spare;
    synchronized (this) {
      closed = true;
      asleep = List.copyOf(sleeping);
      sleeping.clear();
      spare = List.copyOf(idle);
      idle.clear();
    }
    for (Carrier c : asleep) {
      c.alarm.cancel();
      c.killed = true;
      c.resume();
    }
    spare.forEach(Carrier::end);
  }

  /** A carrier thread records interrupts from other threads instead of taking them while it waits. */
  static final class CarrierThread extends Thread {
    final Carrier carrier;
    volatile boolean interruptPending;

    CarrierThread(Carrier carrier, String name) {
      super(carrier::loop, name);
      this.carrier = carrier;
      setDaemon(true);
    }

    @Override
    public void interrupt() {
      if (Thread.currentThread() == this) {
        super.interrupt();
      } else {
        interruptPending = true;
      }
    }

    /** Whether an interrupt is pending for the running carrier, clearing it. */
    boolean takeInterrupt() {
      boolean pending = interruptPending | Thread.interrupted();
      interruptPending = false;
      return pending;
    }
  }

  /** One carrier thread and its turn-taking with whoever hands it control. */
  final class Carrier {
    final CarrierThread thread;
    /** Released to give the carrier its turn. */
    private final Semaphore turn = new Semaphore(0);
    /** Released by the carrier to give the turn back. */
    private final Semaphore back = new Semaphore(0);
    /** The handler to run on the next turn; {@code null} ends the thread. */
    Runnable task;
    Cancellable alarm;
    boolean waking;
    boolean killed;
    /** What escaped the handler's runnable (only fatal errors do), rethrown on the thread that resumed it. */
    private Throwable escaped;

    Carrier(String name) {
      thread = new CarrierThread(this, name);
      thread.start();
    }

    /** Runs the carrier until its handler sleeps or returns. */
    void resume() {
      turn.release();
      back.acquireUninterruptibly();
      Throwable e = escaped;
      if (e != null) {
        escaped = null;
        if (e instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException("handler thread " + thread.getName() + " failed", e);
      }
    }

    /** Ends the thread of an idle carrier. */
    void end() {
      task = null;
      resume();
    }

    private void loop() {
      while (true) {
        turn.acquireUninterruptibly();
        Runnable t = task;
        task = null;
        if (t == null) {
          back.release();
          return;
        }
        try {
          t.run();
        } catch (ProcessKilled e) {
          // unwound
        } catch (Throwable e) {
          escaped = e;
        }
        thread.interruptPending = false;
        Thread.interrupted();
        boolean stay;
        synchronized (LockstepExecutor.this) {
          stay = !closed;
          if (stay) {
            idle.addLast(this);
          }
        }
        back.release();
        if (!stay) {
          return;
        }
      }
    }

    /** The handler sleeps: on the carrier's own thread, during its turn. */
    void sleep(Duration duration) throws InterruptedException {
      if (killed) {
        throw new ProcessKilled(process.name());
      }
      if (thread.takeInterrupt()) {
        throw new InterruptedException();
      }
      Cancellable a = process.schedule(duration, this::wake);
      synchronized (LockstepExecutor.this) {
        alarm = a;
        sleeping.add(this);
      }
      back.release();
      turn.acquireUninterruptibly();
      waking = false;
      if (killed) {
        throw new ProcessKilled(process.name());
      }
      if (thread.takeInterrupt()) {
        throw new InterruptedException();
      }
    }

    /** An event of the process: the sleep is over (or was interrupted). */
    private void wake() {
      synchronized (LockstepExecutor.this) {
        if (!sleeping.remove(this)) {
          return;
        }
      }
      alarm.cancel();
      resume();
    }
  }
}
