package dev.taskbed.simulator.scripted;

import dev.taskbed.conformance.history.History;
import dev.taskbed.conformance.history.Operation;
import dev.taskbed.spi.AckKind;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long the system took to recover from each fault, from the history alone. For a fault window
 * the recovery time is the longer of
 * <ul>
 *   <li>the time from the end of the fault to the first task completed (an OK {@code complete})
 *       by a call sent after it: service restored, and</li>
 *   <li>the time from the start of the fault to the completion of the last task the fault
 *       stranded: a task completed under a later claim (claim sequence above 1) that was handed out
 *       after the fault began and before the next one (recovered after its lease expired, or
 *       delivered again after a crash). Measured from the start because a stranded task is stuck
 *       from then on, and may well be rescued before the fault ends (a zombie's task).</li>
 * </ul>
 * The report shows the longest over a scenario's faults.
 */
public final class RecoveryTimes {
  private RecoveryTimes() {}

  private record Completion(LeaseToken token, long invokeNanos, long doneNanos) {}

  /**
   * The longest recovery of a scenario.
   *
   * @param longest the longest recovery time, {@code null} when there was no fault
   * @param unrecovered the first fault after which no task was completed, or {@code null}
   */
  public record Result(Duration longest, String unrecovered) {}

  /** The longest recovery over {@code windows}. */
  public static Result longest(History history, List<FaultTimeline.Window> windows) {
    if (windows.isEmpty()) {
      return new Result(null, null);
    }
    Map<LeaseToken, Long> deliveredAt = new HashMap<>();
    List<Completion> completions = new java.util.ArrayList<>();
    for (History.Entry e : history.entries()) {
      Operation op = e.operation();
      if (op instanceof Operation.Claim && e.isOk()) {
        for (Lease l : ((ClaimResult) e.result()).leases()) {
          deliveredAt.merge(l.token(), e.completion().wallNanos(), Math::min);
        }
      } else if (op instanceof Operation.Ack a && a.kind() == AckKind.COMPLETE && e.result() == AckStatus.OK) {
        completions.add(new Completion(a.token(), e.invoke().wallNanos(), e.completion().wallNanos()));
      }
    }
    long longest = 0;
    for (int i = 0; i < windows.size(); i++) {
      FaultTimeline.Window w = windows.get(i);
      long nextStart = i + 1 < windows.size() ? windows.get(i + 1).startNanos() : Long.MAX_VALUE;
      long firstAfter = Long.MAX_VALUE;
      long lastStranded = Long.MIN_VALUE;
      for (Completion c : completions) {
        if (c.invokeNanos() >= w.endNanos()) {
          firstAfter = Math.min(firstAfter, c.doneNanos());
        }
        Long delivered = deliveredAt.get(c.token());
        if (c.token().claimSequence() > 1 && delivered != null && delivered >= w.startNanos() && delivered < nextStart) {
          lastStranded = Math.max(lastStranded, c.doneNanos());
        }
      }
      if (firstAfter == Long.MAX_VALUE) {
        return new Result(longest == 0 ? null : Duration.ofNanos(longest), w.label());
      }
      long recovery = Math.max(firstAfter - w.endNanos(), lastStranded == Long.MIN_VALUE ? 0 : lastStranded - w.startNanos());
      longest = Math.max(longest, Math.max(0, recovery));
    }
    return new Result(Duration.ofNanos(longest), null);
  }
}
