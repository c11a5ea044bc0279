package dev.taskbed.simulator.scripted;

import dev.taskbed.conformance.history.History;
import dev.taskbed.conformance.history.HistoryEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Merges the histories of several processes on one machine into one, by the time each event was
 * recorded: {@code System.nanoTime()} reads the machine's monotonic clock, the same in every JVM on
 * Linux, so the merged order respects real time as each process saw it. Events are renumbered and
 * each process's operation ids are moved into a range of their own.
 */
public final class HistoryMerger {
  /** Operation ids of the {@code k}-th other process start at {@code (k + 1) * ID_STRIDE}. */
  static final long ID_STRIDE = 1_000_000_000L;

  private HistoryMerger() {}

  public static History merge(History main, List<List<HistoryEvent>> others) {
    List<HistoryEvent> all = new ArrayList<>(main.events());
    for (int k = 0; k < others.size(); k++) {
      long offset = (k + 1) * ID_STRIDE;
      for (HistoryEvent e : others.get(k)) {
        all.add(new HistoryEvent(e.index(), e.type(), e.operationId() + offset, e.process(), e.operation(), e.result(),
            e.error(), e.clockMillis(), e.wallNanos()));
      }
    }
    // Stable: events of one process keep their order even on equal readings.
    all.sort(Comparator.comparingLong(HistoryEvent::wallNanos));
    List<HistoryEvent> renumbered = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      HistoryEvent e = all.get(i);
      renumbered.add(new HistoryEvent(i, e.type(), e.operationId(), e.process(), e.operation(), e.result(), e.error(),
          e.clockMillis(), e.wallNanos()));
    }
    return new History(renumbered);
  }
}
