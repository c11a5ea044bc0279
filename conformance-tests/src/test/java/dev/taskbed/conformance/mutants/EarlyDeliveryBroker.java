package dev.taskbed.conformance.mutants;

import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.MaintenanceResult;
import java.util.LinkedHashSet;

/**
 * Bug: claim and forward judge "due" one millisecond ahead (as when the server's microseconds are
 * rounded up), so a scheduled task is delivered 1 ms early. Lease expiry and the reported time to
 * the next due task are computed correctly; only the due comparison is off.
 */
final class EarlyDeliveryBroker extends ForwardingBroker {
  private final ShiftableClock clock;

  EarlyDeliveryBroker(InMemoryBroker delegate, ShiftableClock clock) {
    super(delegate);
    this.clock = clock;
  }

  @Override
  public ClaimResult claim(ClaimRequest r) {
    long now = clock.millis();
    ClaimRequest compensated = r.leaseMillis() > 1
        ? new ClaimRequest(r.requestId(), r.queues(), r.maxTasks(), r.leaseMillis() - 1) : r;
    ClaimResult result = clock.readingAt(now + 1, () -> super.claim(compensated));
    return new ClaimResult(result.leases(), trueMillisUntilNextDue(r, now));
  }

  @Override
  public MaintenanceResult forwardDue(String queue, int limit) {
    long now = clock.millis();
    return clock.readingAt(now + 1, () -> super.forwardDue(queue, limit));
  }

  private long trueMillisUntilNextDue(ClaimRequest r, long now) {
    long next = -1;
    for (String q : new LinkedHashSet<>(r.queues())) {
      if (stats(q).paused()) {
        continue;
      }
      for (TaskState s : new TaskState[] {TaskState.SCHEDULED, TaskState.RETRY}) {
        for (TaskInfo t : list(q, s, 0, 1).items()) {
          long wait = Math.max(0, t.nextProcessAt().toEpochMilli() - now);
          next = next < 0 ? wait : Math.min(next, wait);
        }
      }
    }
    return next;
  }
}
