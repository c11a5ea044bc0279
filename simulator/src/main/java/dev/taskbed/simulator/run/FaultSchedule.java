package dev.taskbed.simulator.run;

import dev.taskbed.env.Environment;
import dev.taskbed.simulator.backend.NetworkFaults;
import dev.taskbed.simulator.config.FaultSpec;
import dev.taskbed.spi.BrokerAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the scenario's fault specs into timed windows and carries them out on the run's
 * environment: each window is a start event and an end event. Windows start only while producers
 * run; a window that starts near the end still lasts its full duration, and the drain waits for
 * the last one to heal.
 */
final class FaultSchedule {
  private final List<Window> windows = new ArrayList<>();
  private final WorkerFleet fleet;
  private final BrokerAdmin admin;
  private final NetworkFaults network;
  private final Environment env;
  /** Windows starting at or after this offset are dropped (production ended early); MAX when not. */
  private long closedAt = Long.MAX_VALUE;

  /** One planned window; {@code fired} and {@code observed} are filled in when it starts. */
  private static final class Window {
    final FaultSpec spec;
    final long start;
    final long end;
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
   * @param network connection faults, or {@code null} when the backend has no network
   */
  FaultSchedule(List<FaultSpec> specs, long productionMillis, WorkerFleet fleet, BrokerAdmin admin,
      NetworkFaults network, Environment env) {
    this.fleet = fleet;
    this.admin = admin;
    this.network = network;
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
    switch (w.spec.kind()) {
      case CRASH: {
        int held = fleet.get(w.spec.target()).crash();
        w.fired = held >= 0;
        w.observed = held >= 0 ? "killed holding " + held + " task(s)" : "worker was not running";
        break;
      }
      case STALL: {
        int held = fleet.get(w.spec.target()).stall();
        w.fired = held >= 0;
        w.observed = held >= 0 ? "froze holding " + held + " task(s)" : "worker was not running";
        break;
      }
      case PAUSE_QUEUE: {
        var before = admin.stats(w.spec.target());
        admin.pause(w.spec.target());
        w.fired = true;
        w.observed = "paused with " + before.pending() + " pending";
        break;
      }
      case PROXY_DOWN:
        w.observed = network.cut();
        w.fired = true;
        break;
      case PROXY_LATENCY:
        w.observed = network.slowDown();
        w.fired = true;
        break;
      default:
        throw new IllegalStateException("unhandled fault kind " + w.spec.kind());
    }
  }

  private void end(Window w) {
    if (!w.fired) {
      return;
    }
    switch (w.spec.kind()) {
      case CRASH: {
        WorkerProcess p = fleet.get(w.spec.target());
        p.start();
        w.observed += "; restarted (incarnation " + p.incarnation() + ")";
        break;
      }
      case STALL:
        fleet.get(w.spec.target()).resume();
        w.observed += "; resumed";
        break;
      case PAUSE_QUEUE: {
        admin.unpause(w.spec.target());
        w.observed += "; unpaused with " + admin.stats(w.spec.target()).pending() + " pending";
        break;
      }
      default:
        network.restore();
        w.observed += "; restored";
        break;
    }
  }
}
