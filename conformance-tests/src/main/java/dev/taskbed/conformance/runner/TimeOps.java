package dev.taskbed.conformance.runner;

import dev.taskbed.conformance.model.ReferenceBroker.Milestone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Steps that move the shared virtual clock. */
final class TimeOps {
  private TimeOps() {}

  /** Moves the clock forward by a fixed amount. */
  record Advance(long millis) implements Op {
    @Override
    public Call resolve(RunState s) {
      return Call.clock("advance clock " + millis + " ms", () -> s.clock.advance(Duration.ofMillis(millis)));
    }

    @Override
    public List<Op> simplifications() {
      List<Op> out = new ArrayList<>();
      if (millis > 1) {
        out.add(new Advance(1));
      }
      if (millis > 2) {
        out.add(new Advance(millis / 2));
      }
      return out;
    }

    @Override
    public String toString() {
      return "advance " + millis + " ms";
    }
  }

  /**
   * Moves the clock to the next instant of a kind (the next due time, lease expiry...) plus
   * {@code offset} ms: exactly on a boundary, or one millisecond either side of it.
   */
  record AdvanceTo(Milestone milestone, int offset) implements Op {
    @Override
    public Call resolve(RunState s) {
      long now = s.now();
      long at = s.model.nextMilestone(milestone, now);
      if (at < 0 || at + offset <= now) {
        return null;
      }
      long target = at + offset;
      String rel = offset == 0 ? "" : (offset > 0 ? " + " : " - ") + Math.abs(offset) + " ms";
      return Call.clock("advance clock to next " + milestone + rel + " (+" + (target - now) + " ms)", () -> s.clock.setMillis(target))
          .literally(new Advance(target - now));
    }

    @Override
    public List<Op> simplifications() {
      return offset == 0 ? List.of() : List.of(new AdvanceTo(milestone, 0));
    }

    @Override
    public String toString() {
      return "advance to next " + milestone + (offset == 0 ? "" : (offset > 0 ? "+" : "") + offset);
    }
  }
}
