package dev.taskbed.conformance.mutants;

import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Bug: a replay claims from the queues without a record first and appends the remembered leases
 * after them, so the result no longer lists the replayed leases first: a caller that takes the
 * first {@code maxTasks} leases as its own (they are, by contract, the replayed ones) drops old
 * leases and keeps new ones.
 */
final class ReplayNewFirstBroker extends ForwardingBroker {
  ReplayNewFirstBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public synchronized ClaimResult claim(ClaimRequest r) {
    if (!r.replay()) {
      return super.claim(r);
    }
    Set<String> activeBefore = new HashSet<>();
    for (String q : new HashSet<>(r.queues())) {
      for (TaskInfo t : super.list(q, TaskState.ACTIVE, 0, Integer.MAX_VALUE).items()) {
        activeBefore.add(q + "/" + t.id() + "#" + t.claimSequence());
      }
    }
    ClaimResult c = super.claim(r);
    List<Lease> fresh = new ArrayList<>();
    List<Lease> replayed = new ArrayList<>();
    for (Lease l : c.leases()) {
      String k = l.token().queue() + "/" + l.token().taskId() + "#" + l.token().claimSequence();
      (activeBefore.contains(k) ? replayed : fresh).add(l);
    }
    fresh.addAll(replayed);
    return new ClaimResult(fresh, c.millisUntilNextDue());
  }
}
