package dev.taskbed.conformance.runner;

import dev.taskbed.TaskInfo;
import dev.taskbed.conformance.history.TaskKey;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import java.util.ArrayList;
import java.util.List;

/** Steps a worker takes: claims, replays, acks and lease extensions. */
final class WorkerOps {
  private WorkerOps() {}

  static final String ERROR = "handler failed";

  /** A new claim request. */
  record Claim(String requestId, List<String> queues, int maxTasks, long leaseMillis, boolean replay) implements Op {
    Claim {
      queues = List.copyOf(queues);
    }

    Claim(String requestId, List<String> queues, int maxTasks, long leaseMillis) {
      this(requestId, queues, maxTasks, leaseMillis, false);
    }

    @Override
    public Call resolve(RunState s) {
      ClaimRequest r = new ClaimRequest(requestId, queues, maxTasks, leaseMillis, replay);
      return Call.on(toString(), t -> t.broker().claim(r))
          .learning((st, o) -> {
            if (!o.threw()) {
              st.claimed(r, (ClaimResult) o.value());
            }
          });
    }

    @Override
    public List<Op> simplifications() {
      List<Op> out = new ArrayList<>();
      if (maxTasks > 1) {
        out.add(new Claim(requestId, queues, 1, leaseMillis, replay));
      }
      if (queues.size() > 1) {
        for (String q : queues) {
          out.add(new Claim(requestId, List.of(q), maxTasks, leaseMillis, replay));
        }
      }
      if (leaseMillis != 1_000) {
        out.add(new Claim(requestId, queues, maxTasks, 1_000, replay));
      }
      if (replay) {
        out.add(new Claim(requestId, queues, maxTasks, leaseMillis, false));
      }
      return out;
    }

    @Override
    public String toString() {
      return (replay ? "replay claim " : "claim ") + requestId + " " + queues + " max=" + maxTasks + " lease=" + leaseMillis;
    }
  }

  /**
   * Claim request {@code requestId} sent again, as a worker does after a lost reply: with
   * {@code replay} set ({@link ClaimRequest#asReplay()}, what the runtime sends) or unchanged, and
   * with its queues in the original or in reversed order (a weighted draw may list them anew).
   */
  record ReplayClaim(String requestId, boolean replay, boolean reversed) implements Op {
    @Override
    public Call resolve(RunState s) {
      ClaimRequest original = s.claimRequest(requestId);
      if (original == null) {
        return null;
      }
      List<String> queues = new ArrayList<>(original.queues());
      if (reversed) {
        java.util.Collections.reverse(queues);
      }
      ClaimRequest r = new ClaimRequest(original.requestId(), queues, original.maxTasks(), original.leaseMillis(), replay);
      String d = (replay ? "replay claim " : "resend claim ") + r.requestId() + " " + r.queues() + " max=" + r.maxTasks()
          + " lease=" + r.leaseMillis();
      return Call.on(d, t -> t.broker().claim(r)).learning((st, o) -> {
        if (!o.threw()) {
          st.claimed(r, (ClaimResult) o.value());
        }
      }).literally(new Claim(r.requestId(), r.queues(), r.maxTasks(), r.leaseMillis(), replay));
    }

    @Override
    public List<Op> simplifications() {
      List<Op> out = new ArrayList<>();
      if (reversed) {
        out.add(new ReplayClaim(requestId, replay, false));
      }
      if (!replay) {
        out.add(new ReplayClaim(requestId, true, reversed));
      }
      return out;
    }

    @Override
    public String toString() {
      return (replay ? "replay claim " : "resend claim ") + requestId + (reversed ? " (queues reversed)" : "");
    }
  }

  /** What a worker does with a lease. */
  enum AckAction {
    COMPLETE,
    REVOKE,
    /** The runtime's failure path: retry counting an attempt, or archive once retries are used up. */
    FAIL,
    /** {@code retry} with the step's own flags: counted or not, with an error or without. */
    RETRY,
    /** {@code archive} with the step's own flags: counted or not, with an error or without. */
    ARCHIVE,
    REQUEUE
  }

  /**
   * An ack on a referenced token. For {@link AckAction#RETRY} and {@link AckAction#ARCHIVE} the
   * step spells out {@code countAttempt} and whether an error is passed, so every flag combination
   * of both calls is driven (the runtime sends only some: a failure counts and carries its error,
   * a retry the failure predicate excuses does not count, {@code SkipRetry} archives counting).
   */
  record Ack(AckAction action, TokenRef token, long delayMillis, boolean countAttempt, boolean withError) implements Op {
    Ack(AckAction action, TokenRef token, long delayMillis) {
      this(action, token, delayMillis, true, true);
    }

    @Override
    public Call resolve(RunState s) {
      LeaseToken t = token.token(s);
      if (t == null) {
        return null;
      }
      // The runtime decides retry or archive from the attempt count of the lease it holds; a forged
      // token may coincide with a lease handed out since, whose count is the one that applies.
      Lease holder = s.leaseWith(t);
      TaskInfo delivered = (holder != null ? holder : token.lease(s)).task();
      String who = TokenRef.describe(t);
      // Each attempt fails with its own message, so a broker that keeps an older error shows.
      String error = withError ? ERROR + " (claim " + t.claimSequence() + ")" : null;
      String flags = (countAttempt ? " counted" : " uncounted") + (withError ? " error=\"" + error + "\"" : " no error");
      Call call = switch (action) {
        case COMPLETE -> Call.on("complete " + who, x -> x.broker().complete(t));
        case REVOKE -> Call.on("revoke " + who, x -> x.broker().revoke(t));
        case REQUEUE -> Call.on("requeue " + who, x -> x.broker().requeue(t));
        case RETRY -> {
          // Callers never count a retry past maxRetry (the invariants hold them to it): past it the
          // runtime archives, so a counted retry is sent only while the budget allows.
          boolean count = countAttempt && delivered.attempts() < delivered.maxRetry();
          String f = (count ? " counted" : " uncounted") + (withError ? " error=\"" + error + "\"" : " no error");
          yield Call.on("retry " + who + " delay=" + delayMillis + f, x -> x.broker().retry(t, delayMillis, error, count));
        }
        case ARCHIVE -> Call.on("archive " + who + flags, x -> x.broker().archive(t, error, countAttempt));
        case FAIL -> delivered.attempts() < delivered.maxRetry()
            ? Call.on("retry " + who + " delay=" + delayMillis + " counted", x -> x.broker().retry(t, delayMillis, ERROR, true))
            : Call.on("archive " + who + " counted (retries used up)", x -> x.broker().archive(t, ERROR, true));
      };
      return call.about(new TaskKey(t.queue(), t.taskId()), false);
    }

    @Override
    public List<Op> simplifications() {
      List<Op> out = new ArrayList<>();
      if (token.forgery() != TokenRef.Forgery.NONE || token.back() > 0) {
        out.add(new Ack(action, new TokenRef(token.task(), 0, TokenRef.Forgery.NONE), delayMillis, countAttempt, withError));
      }
      if (delayMillis > 0) {
        out.add(new Ack(action, token, 0, countAttempt, withError));
      }
      return out;
    }

    @Override
    public String toString() {
      String flags = action == AckAction.RETRY || action == AckAction.ARCHIVE
          ? (countAttempt ? " counted" : " uncounted") + (withError ? " with error" : " no error") : "";
      return action.name().toLowerCase(java.util.Locale.ROOT) + " " + token + (delayMillis > 0 ? " delay=" + delayMillis : "") + flags;
    }
  }

  /** {@code extendLease} on a referenced token. */
  record Extend(TokenRef token, long durationMillis) implements Op {
    @Override
    public Call resolve(RunState s) {
      LeaseToken t = token.token(s);
      if (t == null) {
        return null;
      }
      return Call.on("extend " + TokenRef.describe(t) + " by " + durationMillis, x -> x.broker().extendLease(t, durationMillis))
          .about(new TaskKey(t.queue(), t.taskId()), false);
    }

    @Override
    public String toString() {
      return "extend " + token + " by " + durationMillis;
    }
  }

  /** {@code extendLeases} on several referenced tokens. */
  record ExtendMany(List<TokenRef> tokens, long durationMillis) implements Op {
    ExtendMany {
      tokens = List.copyOf(tokens);
    }

    @Override
    public Call resolve(RunState s) {
      List<LeaseToken> resolved = TokenRef.tokens(tokens, s);
      if (resolved.isEmpty()) {
        return null;
      }
      return Call.on("extend " + resolved.stream().map(TokenRef::describe).toList() + " by " + durationMillis,
          x -> x.broker().extendLeases(resolved, durationMillis));
    }

    @Override
    public List<Op> simplifications() {
      return tokens.size() > 1 ? List.of(new Extend(tokens.get(0), durationMillis)) : List.of();
    }

    @Override
    public String toString() {
      return "extend " + tokens + " by " + durationMillis;
    }
  }

  /** {@code completeAll} on several referenced tokens, as the runtime's coalesced completions send it. */
  record CompleteMany(List<TokenRef> tokens) implements Op {
    CompleteMany {
      tokens = List.copyOf(tokens);
    }

    @Override
    public Call resolve(RunState s) {
      List<LeaseToken> resolved = TokenRef.tokens(tokens, s);
      if (resolved.isEmpty()) {
        return null;
      }
      return Call.on("complete " + resolved.stream().map(TokenRef::describe).toList(), x -> x.broker().completeAll(resolved));
    }

    @Override
    public List<Op> simplifications() {
      return tokens.size() > 1 ? List.of(new Ack(AckAction.COMPLETE, tokens.get(0), 0)) : List.of();
    }

    @Override
    public String toString() {
      return "complete " + tokens;
    }
  }

  /** A lease that the model says is still live, for the generator. */
  static boolean isLive(RunState s, Lease l) {
    return s.model.get(l.token().queue(), l.token().taskId())
        .filter(t -> t.state() == dev.taskbed.TaskState.ACTIVE && t.claimSequence() == l.token().claimSequence()
            && t.leaseExpiresAt() != null && t.leaseExpiresAt().toEpochMilli() > s.now())
        .isPresent();
  }
}
