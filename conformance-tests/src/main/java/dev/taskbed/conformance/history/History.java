package dev.taskbed.conformance.history;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable, ordered list of {@link HistoryEvent}s, and the same history viewed as
 * {@link Entry entries}: each invocation paired with its completion.
 */
public final class History {
  private final List<HistoryEvent> events;
  private final List<Entry> entries;

  /** A history of {@code events}, which must be numbered 0..n-1 in order (as a recorder makes them). */
  public History(Collection<HistoryEvent> events) {
    this.events = List.copyOf(events);
    for (int i = 0; i < this.events.size(); i++) {
      if (this.events.get(i).index() != i) {
        throw new IllegalArgumentException("event " + i + " is numbered " + this.events.get(i).index());
      }
    }
    this.entries = pair(this.events);
  }

  public List<HistoryEvent> events() {
    return events;
  }

  /** Every invoked operation with its completion, in invocation order. */
  public List<Entry> entries() {
    return entries;
  }

  public int size() {
    return events.size();
  }

  private static List<Entry> pair(List<HistoryEvent> events) {
    Map<Long, HistoryEvent> invokes = new LinkedHashMap<>();
    Map<Long, HistoryEvent> completions = new HashMap<>();
    for (HistoryEvent e : events) {
      if (e.type() == HistoryEvent.Type.INVOKE) {
        if (invokes.put(e.operationId(), e) != null) {
          throw new IllegalArgumentException("operation " + e.operationId() + " invoked twice");
        }
      } else {
        if (!invokes.containsKey(e.operationId())) {
          throw new IllegalArgumentException("completion " + e + " has no invocation before it");
        }
        if (completions.put(e.operationId(), e) != null) {
          throw new IllegalArgumentException("operation " + e.operationId() + " completed twice");
        }
      }
    }
    List<Entry> out = new ArrayList<>(invokes.size());
    for (HistoryEvent inv : invokes.values()) {
      out.add(new Entry(inv, completions.get(inv.operationId())));
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (HistoryEvent e : events) {
      s.append(e).append('\n');
    }
    return s.toString();
  }

  /**
   * One operation: its invocation and its completion ({@code null} if it never completed, which
   * counts as an unknown outcome).
   */
  public record Entry(HistoryEvent invoke, HistoryEvent completion) {
    public Entry {
      Objects.requireNonNull(invoke, "invoke");
    }

    public Operation operation() {
      return invoke.operation();
    }

    /** OK, FAIL or UNKNOWN; an operation that never completed is UNKNOWN. */
    public HistoryEvent.Type status() {
      return completion == null ? HistoryEvent.Type.UNKNOWN : completion.type();
    }

    public boolean isOk() {
      return status() == HistoryEvent.Type.OK;
    }

    /** The result of an OK completion; {@code null} otherwise. */
    public Object result() {
      return isOk() ? completion.result() : null;
    }

    public int invokeIndex() {
      return invoke.index();
    }

    /** Index of the completion; {@link Integer#MAX_VALUE} if it never completed. */
    public int completionIndex() {
      return completion == null ? Integer.MAX_VALUE : completion.index();
    }

    /** Clock at completion; {@link Long#MAX_VALUE} if it never completed. */
    public long completionClock() {
      return completion == null ? Long.MAX_VALUE : completion.clockMillis();
    }

    /** Whether this operation finished before {@code other} was invoked. */
    public boolean precedes(Entry other) {
      return completionIndex() < other.invokeIndex();
    }

    @Override
    public String toString() {
      return invoke + (completion == null ? "  (never completed)" : "\n    " + completion);
    }
  }
}
