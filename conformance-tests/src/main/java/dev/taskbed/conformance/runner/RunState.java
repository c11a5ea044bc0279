package dev.taskbed.conformance.runner;

import dev.taskbed.conformance.history.TaskKey;
import dev.taskbed.conformance.model.ReferenceBroker;
import dev.taskbed.env.ManualClock;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a run knows while it executes: the shared clock, the reference model, and everything handed
 * out so far (as the model handed it out: requests sent, tasks known, leases, claim requests).
 * Symbolic steps resolve against it; the generator reads it to pick plausible next steps.
 */
final class RunState {
  final ManualClock clock;
  final ReferenceBroker model;
  private final List<TaskSpec> sent = new ArrayList<>();
  private final List<Long> firstSentAt = new ArrayList<>();
  private final Set<TaskKey> knownTaskSet = new LinkedHashSet<>();
  private final List<TaskKey> knownTasks = new ArrayList<>();
  private final List<Lease> leases = new ArrayList<>();
  private final Set<LeaseToken> tokens = new HashSet<>();
  private final List<ClaimRequest> claims = new ArrayList<>();

  RunState(ManualClock clock, ReferenceBroker model) {
    this.clock = clock;
    this.model = model;
  }

  long now() {
    return clock.millis();
  }

  /** Records a request sent for the first time (a retry of an earlier request is not recorded again). */
  void sent(TaskSpec spec) {
    sent.add(spec);
    firstSentAt.add(now());
    TaskKey key = new TaskKey(spec.queue(), spec.taskId());
    if (knownTaskSet.add(key)) {
      knownTasks.add(key);
    }
  }

  void claimed(ClaimRequest request, ClaimResult result) {
    claims.add(request);
    for (Lease l : result.leases()) {
      if (tokens.add(l.token())) {
        leases.add(l);
      }
    }
  }

  List<TaskSpec> sentSpecs() {
    return sent;
  }

  /**
   * The {@code index}-th request sent, if a client may still retry it: a client retries only
   * within the idempotency window from its first attempt (the runtime checks this), so a retry
   * always meets the original record or its tombstone and never re-creates a task under a nonce
   * an old token carries.
   */
  TaskSpec retriable(int index) {
    if (sent.isEmpty()) {
      return null;
    }
    int i = Math.floorMod(index, sent.size());
    boolean inWindow = now() < firstSentAt.get(i) + model.policy().idempotencyWindow().toMillis();
    return inWindow ? sent.get(i) : null;
  }

  List<TaskKey> knownTasks() {
    return knownTasks;
  }

  /** Every lease handed out, first sighting of each token, in order. */
  List<Lease> leases() {
    return leases;
  }

  /** The lease handed out with exactly {@code token}, or null if none was. */
  Lease leaseWith(LeaseToken token) {
    if (!tokens.contains(token)) {
      return null;
    }
    for (Lease l : leases) {
      if (l.token().equals(token)) {
        return l;
      }
    }
    return null;
  }

  List<ClaimRequest> claimRequests() {
    return claims;
  }

  static <T> T pick(List<T> list, int index) {
    return list.isEmpty() ? null : list.get(Math.floorMod(index, list.size()));
  }
}
