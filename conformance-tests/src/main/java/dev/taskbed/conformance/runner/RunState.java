package dev.taskbed.conformance.runner;

import dev.taskbed.conformance.history.TaskKey;
import dev.taskbed.conformance.model.ReferenceBroker;
import dev.taskbed.env.ManualClock;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a run knows while it executes: the shared clock, the reference model, and everything handed
 * out so far (as the model handed it out), indexed by the literal names steps refer to: task
 * (queue, id), claim request id. Steps name things literally, so removing an unrelated step while
 * shrinking never changes what a later step refers to.
 */
final class RunState {
  final ManualClock clock;
  final ReferenceBroker model;
  private final Map<TaskKey, TaskSpec> latestSpec = new LinkedHashMap<>();
  private final Map<TaskKey, Long> firstSentAt = new HashMap<>();
  private final Map<TaskKey, List<Lease>> leasesByTask = new LinkedHashMap<>();
  private final List<Lease> leases = new ArrayList<>();
  private final Set<LeaseToken> tokens = new HashSet<>();
  private final Map<String, ClaimRequest> claims = new LinkedHashMap<>();

  RunState(ManualClock clock, ReferenceBroker model) {
    this.clock = clock;
    this.model = model;
  }

  long now() {
    return clock.millis();
  }

  /** Records a request sent for the first time (a client retry of the same request is not recorded again). */
  void sent(TaskSpec spec) {
    TaskKey key = new TaskKey(spec.queue(), spec.taskId());
    TaskSpec before = latestSpec.put(key, spec);
    if (before == null || before.nonce() != spec.nonce()) {
      firstSentAt.put(key, now());
    }
  }

  void claimed(ClaimRequest request, ClaimResult result) {
    claims.putIfAbsent(request.requestId(), request);
    for (Lease l : result.leases()) {
      if (tokens.add(l.token())) {
        leases.add(l);
        leasesByTask.computeIfAbsent(new TaskKey(l.token().queue(), l.token().taskId()), k -> new ArrayList<>()).add(l);
      }
    }
  }

  /** The last request sent for {@code key}, or null. */
  TaskSpec spec(TaskKey key) {
    return latestSpec.get(key);
  }

  /**
   * The last request sent for {@code key}, if a client may still retry it: a client retries only
   * within the idempotency window from its first attempt (the runtime checks this), so a retry
   * always meets the original record or its tombstone and never re-creates a task under a nonce
   * an old token carries.
   */
  TaskSpec retriable(TaskKey key) {
    TaskSpec s = latestSpec.get(key);
    if (s == null) {
      return null;
    }
    return now() < firstSentAt.get(key) + model.policy().idempotencyWindow().toMillis() ? s : null;
  }

  /** Every task some request was sent for, in order of first sending. */
  List<TaskKey> knownTasks() {
    return List.copyOf(latestSpec.keySet());
  }

  /** Every lease handed out, first sighting of each token, in order. */
  List<Lease> leases() {
    return leases;
  }

  /** The leases handed out for one task, oldest first. */
  List<Lease> leasesOf(TaskKey key) {
    return leasesByTask.getOrDefault(key, List.of());
  }

  /** The lease handed out with exactly {@code token}, or null if none was. */
  Lease leaseWith(LeaseToken token) {
    if (!tokens.contains(token)) {
      return null;
    }
    for (Lease l : leasesOf(new TaskKey(token.queue(), token.taskId()))) {
      if (l.token().equals(token)) {
        return l;
      }
    }
    return null;
  }

  ClaimRequest claimRequest(String requestId) {
    return claims.get(requestId);
  }

  List<String> claimRequestIds() {
    return List.copyOf(claims.keySet());
  }
}
