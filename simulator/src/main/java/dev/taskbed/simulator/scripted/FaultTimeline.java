package dev.taskbed.simulator.scripted;

import java.util.ArrayList;
import java.util.List;

/**
 * When a scenario's faults were in force, on {@code System.nanoTime()} (the clock history events
 * carry as {@code wallNanos}, shared by every process on the machine), for recovery times. Thread-safe.
 */
public final class FaultTimeline {

  /** One fault, from injection to healing (equal for an instant fault such as a kill). */
  public record Window(String label, long startNanos, long endNanos) {}

  /** A fault in force; {@link #end()} records its window. */
  public final class Active {
    private final String label;
    private final long start = System.nanoTime();
    private boolean ended;

    private Active(String label) {
      this.label = label;
    }

    /** The fault is healed now. Idempotent. */
    public synchronized void end() {
      if (!ended) {
        ended = true;
        add(new Window(label, start, System.nanoTime()));
      }
    }
  }

  private final List<Window> windows = new ArrayList<>();

  /** A fault starts now. */
  public Active begin(String label) {
    return new Active(label);
  }

  /** An instant fault (a kill) happens now. */
  public void instant(String label) {
    long now = System.nanoTime();
    add(new Window(label, now, now));
  }

  private synchronized void add(Window w) {
    windows.add(w);
  }

  public synchronized List<Window> windows() {
    List<Window> copy = new ArrayList<>(windows);
    copy.sort(java.util.Comparator.comparingLong(Window::startNanos));
    return copy;
  }
}
