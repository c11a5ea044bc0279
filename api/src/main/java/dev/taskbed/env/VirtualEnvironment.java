package dev.taskbed.env;

import java.time.Clock;
import java.time.Duration;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * A deterministic environment: a {@link ManualClock}, a seeded random and an event queue that runs
 * timers, background work and handlers on the thread that drives it. Nothing happens until the
 * owner calls {@link #runDue()}, {@link #advance(Duration)} or {@link #runNext()}; then events run
 * one at a time in (due time, scheduling order), so the same seed and the same calls give the same
 * history, byte for byte.
 *
 * <p>Thread-safe for scheduling (a test thread may schedule while another drives), but determinism
 * holds only when one thread does everything.
 */
public final class VirtualEnvironment implements Environment {
  private final ManualClock clock;
  private final RandomGenerator random;
  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private long sequence;

  /** A virtual environment at the {@link ManualClock} default epoch. */
  public VirtualEnvironment(long seed) {
    this(seed, new ManualClock());
  }

  public VirtualEnvironment(long seed, ManualClock clock) {
    this.clock = clock;
    SplittableRandom source = new SplittableRandom(seed);
    this.random = new RandomGenerator() {
      @Override
      public long nextLong() {
        synchronized (source) {
          return source.nextLong();
        }
      }
    };
  }

  @Override
  public Clock clock() {
    return clock;
  }

  /** The underlying manual clock. */
  public ManualClock manualClock() {
    return clock;
  }

  /** Virtual monotonic time: the clock in nanoseconds. */
  @Override
  public long nanoTime() {
    return clock.millis() * 1_000_000L;
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable action) {
    long delayMillis = Math.max(0, ceilMillis(delay));
    Event e;
    synchronized (events) {
      e = new Event(clock.millis() + delayMillis, sequence++, action);
      events.add(e);
    }
    return () -> e.cancelled = true;
  }

  @Override
  public void execute(Runnable action) {
    schedule(Duration.ZERO, action);
  }

  /** Handlers run as events on the driving thread, so they cannot block. */
  @Override
  public Executor newHandlerExecutor(int threads) {
    return this::execute;
  }

  @Override
  public void releaseHandlerExecutor(Executor executor) {}

  @Override
  public RandomGenerator random() {
    return random;
  }

  /**
   * Moves the clock forward by {@code duration} for everyone. Events that fall due meanwhile run at
   * the next {@link #runDue()} or {@link #advance}, not inside this call.
   */
  @Override
  public void sleep(Duration duration) {
    clock.advance(duration);
  }

  /** Runs every event due now, including ones those events schedule for now. Returns how many ran. */
  public int runDue() {
    int ran = 0;
    Event e;
    while ((e = pollDue(clock.millis())) != null) {
      e.action.run();
      ran++;
    }
    return ran;
  }

  /**
   * Moves time forward by {@code duration}, running every event due on the way at its own time.
   * Returns how many ran.
   */
  public int advance(Duration duration) {
    long target = clock.millis() + duration.toMillis();
    int ran = 0;
    Event e;
    while ((e = pollDue(target)) != null) {
      if (e.at > clock.millis()) {
        clock.setMillis(e.at);
      }
      e.action.run();
      ran++;
    }
    clock.setMillis(Math.max(target, clock.millis()));
    return ran;
  }

  /**
   * Runs the next event, moving the clock to its time if it lies ahead. Returns false when no
   * event is queued.
   */
  public boolean runNext() {
    Event e = pollDue(Long.MAX_VALUE);
    if (e == null) {
      return false;
    }
    if (e.at > clock.millis()) {
      clock.setMillis(e.at);
    }
    e.action.run();
    return true;
  }

  /** Epoch millis of the next queued event, or -1 when none is queued. */
  public long nextEventAt() {
    synchronized (events) {
      dropCancelledHead();
      Event head = events.peek();
      return head == null ? -1 : head.at;
    }
  }

  /** Queued events that were not cancelled. */
  public int queuedEvents() {
    synchronized (events) {
      return (int) events.stream().filter(e -> !e.cancelled).count();
    }
  }

  private Event pollDue(long limit) {
    synchronized (events) {
      dropCancelledHead();
      Event head = events.peek();
      if (head == null || head.at > limit) {
        return null;
      }
      return events.poll();
    }
  }

  private void dropCancelledHead() {
    while (!events.isEmpty() && events.peek().cancelled) {
      events.poll();
    }
  }

  private static long ceilMillis(Duration d) {
    long ms = d.toMillis();
    return d.minusMillis(ms).isZero() ? ms : ms + 1;
  }

  private static final class Event implements Comparable<Event> {
    final long at;
    final long seq;
    final Runnable action;
    volatile boolean cancelled;

    Event(long at, long seq, Runnable action) {
      this.at = at;
      this.seq = seq;
      this.action = action;
    }

    @Override
    public int compareTo(Event o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
