package dev.taskbed.conformance.runner;

import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;

/**
 * Refers to a lease token symbolically: the {@code index}-th lease handed out in this run (modulo
 * the count), possibly forged into a token no broker issued.
 */
record TokenRef(int index, Forgery forgery) {

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
    return RunState.pick(s.leases(), index);
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

  static String describe(LeaseToken t) {
    return t.queue() + "/" + t.taskId() + "#" + t.claimSequence() + "(nonce " + t.nonce() + ")";
  }

  @Override
  public String toString() {
    return "lease[" + index + "]" + (forgery == Forgery.NONE ? "" : "~" + forgery);
  }
}
