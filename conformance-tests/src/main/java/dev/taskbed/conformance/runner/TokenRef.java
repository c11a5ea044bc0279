package dev.taskbed.conformance.runner;

import dev.taskbed.conformance.history.TaskKey;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import java.util.ArrayList;
import java.util.List;

/**
 * Refers to a lease token by task: the latest lease handed out for {@code task} ({@code back} 0),
 * or an older one ({@code back} 1, 2...: what a zombie worker still holds), possibly forged into a
 * token no broker issued.
 */
record TokenRef(TaskKey task, int back, Forgery forgery) {

  /** How the referenced token is altered. */
  enum Forgery {
    /** The token as handed out. */
    NONE,
    /** A claim sequence one ahead: what a buggy or malicious worker might guess. */
    NEXT_SEQUENCE,
    /** Another incarnation's nonce: what a worker of a deleted-and-recreated task holds. */
    OTHER_NONCE
  }

  Lease lease(RunState s) {
    List<Lease> of = s.leasesOf(task);
    return of.isEmpty() ? null : of.get(Math.max(0, of.size() - 1 - back));
  }

  LeaseToken token(RunState s) {
    Lease l = lease(s);
    if (l == null) {
      return null;
    }
    LeaseToken t = l.token();
    return switch (forgery) {
      case NONE -> t;
      case NEXT_SEQUENCE -> new LeaseToken(t.queue(), t.taskId(), t.claimSequence() + 1, t.nonce());
      case OTHER_NONCE -> new LeaseToken(t.queue(), t.taskId(), t.claimSequence(), t.nonce() ^ 0x5DEECE66DL);
    };
  }

  /** The tokens {@code refs} resolve to in order, skipping those whose task has no lease yet. */
  static List<LeaseToken> tokens(List<TokenRef> refs, RunState s) {
    List<LeaseToken> resolved = new ArrayList<>(refs.size());
    for (TokenRef r : refs) {
      LeaseToken t = r.token(s);
      if (t != null) {
        resolved.add(t);
      }
    }
    return resolved;
  }

  static String describe(LeaseToken t) {
    return t.queue() + "/" + t.taskId() + "#" + t.claimSequence() + "(nonce " + t.nonce() + ")";
  }

  @Override
  public String toString() {
    return "lease of " + task + (back == 0 ? "" : " (" + back + " back)") + (forgery == Forgery.NONE ? "" : "~" + forgery);
  }
}
