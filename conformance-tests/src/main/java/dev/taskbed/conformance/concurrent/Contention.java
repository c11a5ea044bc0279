package dev.taskbed.conformance.concurrent;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import java.util.List;
import java.util.Map;

/**
 * Judges the enqueues that raced in one round: every worker sent the same request (one id), or
 * requests of their own ids sharing one uniqueness key. The id or key is new in that round and
 * nothing can complete the task before the round ends, so exactly one request creates the task
 * and every other one is answered {@code EXISTING} (same id) or {@code DUPLICATE} (same key). A
 * broker that checks and then sets in two steps lets two of them create.
 */
final class Contention {
  private Contention() {}

  /** The first broken rule among the round's groups (keyed by group name), or null. */
  static String check(Map<String, List<EnqueueResult>> groups) {
    for (Map.Entry<String, List<EnqueueResult>> g : groups.entrySet()) {
      boolean sameId = g.getKey().startsWith("race");
      EnqueueOutcome others = sameId ? EnqueueOutcome.EXISTING : EnqueueOutcome.DUPLICATE;
      long created = g.getValue().stream().filter(r -> r.outcome() == EnqueueOutcome.CREATED).count();
      boolean rest = g.getValue().stream().allMatch(r -> r.outcome() == EnqueueOutcome.CREATED || r.outcome() == others);
      if (created != 1 || !rest) {
        return (sameId ? "one request enqueued by " : "one uniqueness key enqueued under several ids by ")
            + g.getValue().size() + " clients at once must create exactly one task and answer the rest " + others
            + "; answers: " + g.getValue();
      }
    }
    return null;
  }
}
