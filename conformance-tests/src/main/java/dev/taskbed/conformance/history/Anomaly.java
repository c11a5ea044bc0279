package dev.taskbed.conformance.history;

import java.util.List;
import java.util.Objects;

/**
 * One anomaly found in a history.
 *
 * @param kind what is wrong
 * @param task the task concerned
 * @param description what happened, citing history events as {@code #index}
 * @param eventIndexes the events that witness it, in history order (a minimal excerpt)
 */
public record Anomaly(AnomalyKind kind, TaskKey task, String description, List<Integer> eventIndexes) {
  public Anomaly {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(description, "description");
    eventIndexes = eventIndexes.stream().distinct().sorted().toList();
  }

  @Override
  public String toString() {
    return kind.label() + " " + task + ": " + description;
  }
}
