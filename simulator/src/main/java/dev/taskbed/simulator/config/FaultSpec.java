package dev.taskbed.simulator.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault on the schedule: in effect from {@code at} for {@code duration}, again every
 * {@code every} (zero: once) while producers run. Faults never start during the drain, so the
 * verdict is judged after everything healed.
 *
 * @param name the fault's name ({@code fault.<name>.*})
 * @param kind what it does
 * @param target a worker ({@code worker-1}...), a queue, or empty, as {@link FaultKind#target()} says
 * @param at first start, from the beginning of the run
 * @param duration how long it lasts, {@code > 0}
 * @param every repeat period, zero for once; longer than {@code duration}
 */
public record FaultSpec(String name, FaultKind kind, String target, Duration at, Duration duration, Duration every) {
  public FaultSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(every, "every");
  }
}
