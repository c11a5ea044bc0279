package dev.taskbed.simulator.run;

import dev.taskbed.env.Environment;
import dev.taskbed.simulator.config.FaultSpec;
import dev.taskbed.simulator.fault.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Turns the scenario's fault specs into timed windows and carries them out on the run's
 * environment: each window is a start event, which begins a fresh {@link Fault} made for the spec,
 * and an end event, which heals it. Windows start only while producers run; a window that starts
 * near the end still lasts its full duration, and the drain waits for the last one to heal.
 */
final class FaultSchedule {
  private final List<Window> windows = new ArrayList<>();
  private final Function<FaultSpec, Fault> faults;
  private final Environment env;
  /** Windows starting at or after this offset are dropped (production ended early); MAX when not. */
  private long closedAt = Long.MAX_VALUE;

  /** One planned window; {@code fired} and {@code observed} are filled in when it starts. */
  private static final class Window {
    final FaultSpec spec;
    final long start;
    final long end;
    Fault fault;
    boolean fired;
    String observed = "did not start";

    Window(FaultSpec spec, long start, long end) {
      this.spec = spec;
      this.start = start;
      this.end = end;
    }
  }

  /**
   * @param productionMillis windows start only before this offset from the start of the run
   * @param faults makes the fault of one window
   */
  FaultSchedule(List<FaultSpec> specs, long productionMillis, Function<FaultSpec, Fault> faults, Environment env) {
    this.faults = faults;
    this.env = env;
    for (FaultSpec s : specs) {
      long every = s.every().toMillis();
      for (long start = s.at().toMillis(); start < productionMillis; start += every) {
        windows.add(new Window(s, start, start + s.duration().toMillis()));
        if (every == 0) {
          break;
        }
      }
    }
    windows.sort(Comparator.comparingLong((Window w) -> w.start).thenComparing(w -> w.spec.name()));
  }

  /** Schedules every window relative to now (the start of the run). */
  void schedule() {
    for (Window w : windows) {
      env.schedule(Duration.ofMillis(w.start), () -> begin(w));
      env.schedule(Duration.ofMillis(w.end), () -> end(w));
    }
  }

  /** Offset from the start of the run at which the last window that may start heals; 0 when there is none. */
  long healedBy() {
    return windows.stream().filter(w -> w.start < closedAt).mapToLong(w -> w.end).max().orElse(0);
  }

  /**
   * Production ended early at {@code offsetMillis} (run.max-tasks reached): windows that have not
   * started by then never will, so the drain is judged after the same kind of healing as always.
   */
  void close(long offsetMillis) {
    closedAt = Math.min(closedAt, offsetMillis);
    for (Window w : windows) {
      if (w.start >= closedAt) {
        w.observed = "not started: production ended early (run.max-tasks)";
      }
    }
  }

  List<FaultRecord> records() {
    return windows.stream()
        .map(w -> new FaultRecord(w.spec.name(), w.spec.kind().spec(), w.spec.target(), w.start, w.end, w.fired, w.observed))
        .toList();
  }

  private void begin(Window w) {
    if (w.start >= closedAt) {
      return;
    }
    w.fault = faults.apply(w.spec);
    Fault.Injection injection = w.fault.begin();
    w.fired = injection.fired();
    w.observed = injection.observed();
  }

  private void end(Window w) {
    if (w.fired) {
      w.observed += "; " + w.fault.heal();
    }
  }
}
