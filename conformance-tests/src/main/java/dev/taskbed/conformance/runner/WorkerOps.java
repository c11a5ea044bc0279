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
  record Claim(String requestId, List<String> queues, int maxTasks, long leaseMillis) implements Op {
    Claim {
      queues = List.copyOf(queues);
    }

    @Override
    public Call resolve(RunState s) {
      ClaimRequest r = new ClaimRequest(requestId, queues, maxTasks, leaseMillis);
      return Call.on("claim " + requestId + " " + queues + " max=" + maxTasks + " lease=" + leaseMillis, t -> t.broker().claim(r))
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
        out.add(new Claim(requestId, queues, 1, leaseMillis));
      }
      if (queues.size() > 1) {
        for (String q : queues) {
          out.add(new Claim(requestId, List.of(q), maxTasks, leaseMillis));
        }
      }
      if (leaseMillis != 1_000) {
        out.add(new Claim(requestId, queues, maxTasks, 1_000));
      }
      return out;
    }

    @Override
    public String toString() {
      return "claim " + requestId + " " + queues + " max=" + maxTasks + " lease=" + leaseMillis;
    }
  }

  /** Claim request {@code requestId} sent again unchanged (a worker retrying after a lost reply). */
  record ReplayClaim(String requestId) implements Op {
    @Override
    public Call resolve(RunState s) {
      ClaimRequest r = s.claimRequest(requestId);
      if (r == null) {
        return null;
      }
      return Call.on("replay claim " + r.requestId() + " " + r.queues() + " max=" + r.maxTasks() + " lease=" + r.leaseMillis(),
          t -> t.broker().claim(r)).learning((st, o) -> {
            if (!o.threw()) {
              st.claimed(r, (ClaimResult) o.value());
            }
          }).literally(new Claim(r.requestId(), r.queues(), r.maxTasks(), r.leaseMillis()));
    }

    @Override
    public String toString() {
      return "replay claim " + requestId;
    }
  }

  /** What a worker does with a lease. */
  enum AckAction {
    COMPLETE,
    REVOKE,
    /** The runtime's failure path: retry counting an attempt, or archive once retries are used up. */
    FAIL,
    /** A retry the failure predicate says is not a failure: not counted. */
    RETRY_UNCOUNTED,
    /** {@code SkipRetry}: archive at once, counting the attempt. */
    SKIP_RETRY,
    REQUEUE
  }

  /** An ack on a referenced token. */
  record Ack(AckAction action, TokenRef token, long delayMillis) implements Op {
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
      Call call = switch (action) {
        case COMPLETE -> Call.on("complete " + who, x -> x.broker().complete(t));
        case REVOKE -> Call.on("revoke " + who, x -> x.broker().revoke(t));
        case REQUEUE -> Call.on("requeue " + who, x -> x.broker().requeue(t));
        case RETRY_UNCOUNTED -> Call.on("retry " + who + " delay=" + delayMillis + " uncounted",
            x -> x.broker().retry(t, delayMillis, null, false));
        case SKIP_RETRY -> Call.on("archive " + who + " counted", x -> x.broker().archive(t, ERROR, true));
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
        out.add(new Ack(action, new TokenRef(token.task(), 0, TokenRef.Forgery.NONE), delayMillis));
      }
      if (delayMillis > 0) {
        out.add(new Ack(action, token, 0));
      }
      return out;
    }

    @Override
    public String toString() {
      return action.name().toLowerCase(java.util.Locale.ROOT) + " " + token + (delayMillis > 0 ? " delay=" + delayMillis : "");
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
