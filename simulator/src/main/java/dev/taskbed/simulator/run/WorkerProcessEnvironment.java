package dev.taskbed.simulator.run;

import dev.taskbed.env.Cancellable;
import dev.taskbed.env.Environment;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * The environment of one simulated worker process: the shared environment's clock, random and
 * event loop, seen through a gate that models what can happen to a process from outside.
 *
 * <ul>
 *   <li><b>Stall</b> (a long GC pause, SIGSTOP): every timer, background job and handler
 *       completion of this process that falls due is held instead of run. Time keeps passing, so
 *       when the stall ends the held events run at once, late, exactly as a process waking from a
 *       pause sees its overdue timers fire and its threads resume. The runtime is not told.
 *   <li><b>Kill</b> ({@code kill -9}): nothing of this process ever runs again; held events are
 *       dropped.
 * </ul>
 *
 * Everything the worker engine does happens inside such events (the broker's wake-up hints only
 * schedule a claim through {@link #execute}), so gating events gates the whole process.
 * Thread-safe; in real-time mode timers fire on the system environment's threads.
 */
final class WorkerProcessEnvironment implements Environment {
  private final Environment shared;
  private final List<GatedEvent> held = new ArrayList<>();
  private boolean stalled;
  private boolean killed;

  WorkerProcessEnvironment(Environment shared) {
    this.shared = shared;
  }

  /** One scheduled action of this process; cancelling it also stops a held copy from running. */
  private final class GatedEvent implements Runnable {
    final Runnable action;
    volatile boolean cancelled;

    GatedEvent(Runnable action) {
      this.action = action;
    }

    @Override
    public void run() {
      synchronized (WorkerProcessEnvironment.this) {
        if (killed || cancelled) {
          return;
        }
        if (stalled) {
          held.add(this);
          return;
        }
      }
      action.run();
    }
  }

  /** Freezes the process; returns false if it was already stalled or is dead. */
  synchronized boolean stall() {
    if (stalled || killed) {
      return false;
    }
    stalled = true;
    return true;
  }

  /** Wakes the process: everything that fell due meanwhile runs now, in the order it fell due. */
  void resume() {
    List<GatedEvent> due;
    synchronized (this) {
      if (!stalled) {
        return;
      }
      stalled = false;
      due = List.copyOf(held);
      held.clear();
    }
    due.forEach(shared::execute);
  }

  /** Kills the process: nothing it scheduled runs again. */
  synchronized void kill() {
    killed = true;
    held.clear();
  }

  synchronized boolean isStalled() {
    return stalled;
  }

  @Override
  public Clock clock() {
    return shared.clock();
  }

  @Override
  public long nanoTime() {
    return shared.nanoTime();
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable action) {
    GatedEvent e = new GatedEvent(action);
    Cancellable timer = shared.schedule(delay, e);
    return () -> {
      e.cancelled = true;
      timer.cancel();
    };
  }

  @Override
  public void execute(Runnable action) {
    shared.execute(new GatedEvent(action));
  }

  /** Handlers are simulated as events, never run on threads. */
  @Override
  public Executor newHandlerExecutor(int threads) {
    return this::execute;
  }

  @Override
  public void releaseHandlerExecutor(Executor executor) {}

  @Override
  public RandomGenerator random() {
    return shared.random();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    shared.sleep(duration);
  }
}
