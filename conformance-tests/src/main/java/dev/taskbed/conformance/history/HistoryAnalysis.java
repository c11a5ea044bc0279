package dev.taskbed.conformance.history;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.conformance.history.History.Entry;
import dev.taskbed.conformance.history.HistoryEvent.Type;
import dev.taskbed.spi.AckKind;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import dev.taskbed.spi.MaintenanceResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One run of the {@link HistoryChecker}: indexes the history by task and token, then applies each
 * anomaly's rule. Every rule is stated so that it holds however the unknown outcomes turned out.
 *
 * <p>Vocabulary: a <em>sighting</em> is one lease in one claim result (a replayed claim sights the
 * same token again); a <em>delivery</em> is the first sighting of a token; an ack is
 * <em>applied</em> if it answered {@code OK}, and <em>possibly applied</em> if it also may have
 * been (unknown outcome, or {@code ALREADY_APPLIED}, which says an identical ack was applied).
 */
final class HistoryAnalysis {
  private static final long NO_BOUND = Long.MIN_VALUE;
  private static final long UNBOUNDED = Long.MAX_VALUE;

  private final History history;
  private final long tolerance;
  private final int maxExamples;

  private final Map<TaskKey, List<Entry>> enqueues = new TreeMap<>();
  private final Map<LeaseToken, List<Sighting>> sightings = new LinkedHashMap<>();
  private final Map<TaskKey, List<Sighting>> deliveries = new TreeMap<>();
  private final Map<LeaseToken, List<Entry>> acks = new HashMap<>();
  /** The tokens {@link #acks} holds for each task, so per-task lookups need not scan every ack. */
  private final Map<TaskKey, Set<LeaseToken>> ackedTokens = new HashMap<>();
  private final Map<LeaseToken, List<Entry>> extensions = new HashMap<>();
  private final Map<TaskKey, List<Entry>> admin = new HashMap<>();
  private final Map<TaskKey, List<Observation>> observations = new TreeMap<>();
  private final Map<String, List<Entry>> purges = new HashMap<>();
  private final List<Entry> unknownClaims = new ArrayList<>();
  private final List<Entry> reads = new ArrayList<>();
  private int claimsOk;
  private int acksOk;

  private final EnumMap<AnomalyKind, Integer> counts = new EnumMap<>(AnomalyKind.class);
  private final EnumMap<AnomalyKind, List<Anomaly>> examples = new EnumMap<>(AnomalyKind.class);

  private record Sighting(Lease lease, Entry claim) {
    LeaseToken token() {
      return lease.token();
    }
  }

  private record Observation(TaskInfo task, Entry read) {}

  HistoryAnalysis(History history, long tolerance, int maxExamples) {
    this.history = history;
    this.tolerance = tolerance;
    this.maxExamples = maxExamples;
  }

  HistoryReport run() {
    index();
    checkUnexpected();
    checkDuplicatedClaims();
    checkStaleWrites();
    checkDoubleTerminal();
    checkEarlyDelivery();
    HistoryReport.Summary summary = checkLost();
    return new HistoryReport(counts, examples, summary);
  }

  // ------------------------------------------------------------------ indexing

  private void index() {
    for (Entry e : history.entries()) {
      Operation op = e.operation();
      if (op instanceof Operation.Enqueue) {
        enqueues.computeIfAbsent(op.task(), k -> new ArrayList<>()).add(e);
      } else if (op instanceof Operation.Claim) {
        if (e.isOk()) {
          claimsOk++;
          for (Lease l : ((ClaimResult) e.result()).leases()) {
            sightings.computeIfAbsent(l.token(), k -> new ArrayList<>()).add(new Sighting(l, e));
          }
        } else if (e.status() == Type.UNKNOWN) {
          unknownClaims.add(e);
        }
      } else if (op instanceof Operation.Ack a) {
        acks.computeIfAbsent(a.token(), k -> new ArrayList<>()).add(e);
        ackedTokens.computeIfAbsent(key(a.token()), k -> new LinkedHashSet<>()).add(a.token());
        acksOk += e.result() == AckStatus.OK ? 1 : 0;
      } else if (op instanceof Operation.ExtendLease x) {
        extensions.computeIfAbsent(x.token(), k -> new ArrayList<>()).add(e);
        acksOk += e.result() == AckStatus.OK ? 1 : 0;
      } else if (op instanceof Operation.Admin) {
        admin.computeIfAbsent(op.task(), k -> new ArrayList<>()).add(e);
      } else if (op instanceof Operation.Maintenance m) {
        // Only purges that may have removed a task matter for loss: one answered with 0 removed
        // (the SPI counts removed tasks) removed none, and must not excuse a missing task.
        if (m.kind() == Operation.MaintenanceKind.PURGE_EXPIRED && e.status() != Type.FAIL
            && !(e.isOk() && ((MaintenanceResult) e.result()).processed() == 0)) {
          purges.computeIfAbsent(m.queue(), k -> new ArrayList<>()).add(e);
        }
      } else if (op instanceof Operation.Read) {
        if (e.isOk()) {
          reads.add(e);
          @SuppressWarnings("unchecked")
          List<TaskInfo> seen = (List<TaskInfo>) e.result();
          for (TaskInfo t : seen) {
            observations.computeIfAbsent(new TaskKey(t.queue(), t.id()), k -> new ArrayList<>()).add(new Observation(t, e));
          }
        }
      }
    }
    for (List<Sighting> s : sightings.values()) {
      s.sort(Comparator.comparingInt(x -> x.claim().completionIndex()));
      Sighting first = s.get(0);
      deliveries.computeIfAbsent(key(first.token()), k -> new ArrayList<>()).add(first);
    }
    for (List<Sighting> d : deliveries.values()) {
      d.sort(Comparator.comparingLong((Sighting x) -> x.token().nonce()).thenComparingLong(x -> x.token().claimSequence()));
    }
  }

  // ------------------------------------------------------------------ unexpected

  private void checkUnexpected() {
    for (Map.Entry<TaskKey, List<Sighting>> e : deliveries.entrySet()) {
      for (Sighting s : e.getValue()) {
        List<Entry> attempts = enqueuesInvokedBefore(e.getKey(), s.claim().completionIndex());
        if (attempts.isEmpty()) {
          report(AnomalyKind.UNEXPECTED, e.getKey(), "claimed by " + ref(s.claim()) + " but never enqueued", s.claim());
          break;
        }
        if (attempts.stream().noneMatch(a -> ((Operation.Enqueue) a.operation()).nonce() == s.token().nonce())) {
          report(AnomalyKind.UNEXPECTED, e.getKey(), "claimed by " + ref(s.claim()) + " with nonce " + s.token().nonce()
              + ", which no enqueue of this id carried", s.claim());
          break;
        }
      }
    }
    for (Map.Entry<TaskKey, List<Observation>> e : observations.entrySet()) {
      if (deliveries.containsKey(e.getKey()) && !enqueues.containsKey(e.getKey())) {
        continue; // already reported above
      }
      for (Observation o : e.getValue()) {
        if (enqueuesInvokedBefore(e.getKey(), o.read().completionIndex()).isEmpty()) {
          report(AnomalyKind.UNEXPECTED, e.getKey(), "seen " + o.task().state() + " by " + ref(o.read()) + " but never enqueued", o.read());
          break;
        }
      }
    }
  }

  // ------------------------------------------------------------------ duplicated claims

  private void checkDuplicatedClaims() {
    for (Map.Entry<LeaseToken, List<Sighting>> e : sightings.entrySet()) {
      List<Sighting> s = e.getValue();
      Sighting first = s.get(0);
      for (Sighting other : s) {
        if (other != first && other.claim() == first.claim()) {
          report(AnomalyKind.DUPLICATED_CLAIM, key(e.getKey()), "lease #" + e.getKey().claimSequence()
              + " appears twice in the result of " + ref(first.claim()), first.claim());
          break;
        }
        if (other.claim() != first.claim() && !requestId(other).equals(requestId(first))) {
          report(AnomalyKind.DUPLICATED_CLAIM, key(e.getKey()), "lease #" + e.getKey().claimSequence() + " delivered by "
              + ref(first.claim()) + " (request " + requestId(first) + ") and again by " + ref(other.claim())
              + " (request " + requestId(other) + ")", first.claim(), other.claim());
          break;
        }
      }
    }
    for (Map.Entry<TaskKey, List<Sighting>> e : deliveries.entrySet()) {
      List<Sighting> ds = e.getValue();
      for (int j = 0; j < ds.size(); j++) {
        Sighting b = ds.get(j);
        for (int i = 0; i < j; i++) {
          Sighting a = ds.get(i);
          if (a.token().nonce() != b.token().nonce() || a.token().claimSequence() >= b.token().claimSequence()) {
            continue;
          }
          Entry ender = firstPossiblyApplied(acks.get(a.token()), b.claim().completionIndex());
          if (ender == null && b.claim().completionClock() + tolerance < a.lease().expiresAtMillis()) {
            report(AnomalyKind.DUPLICATED_CLAIM, e.getKey(), "claimed as #" + b.token().claimSequence() + " by " + ref(b.claim())
                + " at t<=" + b.claim().completionClock() + " while lease #" + a.token().claimSequence() + " from "
                + ref(a.claim()) + " was live until t=" + a.lease().expiresAtMillis() + " and not acked", a.claim(), b.claim());
            break;
          }
        }
      }
    }
  }

  /** The first ack in {@code list} that may have ended its lease and was invoked before {@code before}. */
  private static Entry firstPossiblyApplied(List<Entry> list, int before) {
    if (list == null) {
      return null;
    }
    for (Entry a : list) {
      if (a.invokeIndex() < before && possiblyApplied(a)) {
        return a;
      }
    }
    return null;
  }

  private static boolean possiblyApplied(Entry ack) {
    return ack.status() == Type.UNKNOWN || ack.result() == AckStatus.OK || ack.result() == AckStatus.ALREADY_APPLIED;
  }

  // ------------------------------------------------------------------ stale writes

  private void checkStaleWrites() {
    Set<LeaseToken> tokens = new HashSet<>(acks.keySet());
    tokens.addAll(extensions.keySet());
    for (LeaseToken token : tokens) {
      List<Entry> applied = new ArrayList<>();
      for (Entry a : acks.getOrDefault(token, List.of())) {
        if (a.result() == AckStatus.OK) {
          applied.add(a);
        }
      }
      for (Entry x : applied) {
        String why = superseded(token, x);
        if (why == null) {
          for (Entry y : applied) {
            if (y != x && y.invokeIndex() < x.invokeIndex()) {
              why = "the lease was already ended by " + y.operation() + " (" + ref(y) + "); one token committed twice";
              break;
            }
          }
        }
        if (why == null) {
          why = expired(token, x);
        }
        if (why != null) {
          report(AnomalyKind.STALE_WRITE, key(token), x.operation() + " (" + ref(x) + ") answered OK although " + why, x);
        }
      }
      for (Entry x : extensions.getOrDefault(token, List.of())) {
        if (x.result() != AckStatus.OK) {
          continue;
        }
        String why = superseded(token, x);
        if (why == null) {
          for (Entry y : applied) {
            if (y.precedes(x)) {
              why = "the lease was already ended by " + y.operation() + " (" + ref(y) + ")";
              break;
            }
          }
        }
        if (why == null) {
          why = expired(token, x);
        }
        if (why != null) {
          report(AnomalyKind.STALE_WRITE, key(token), x.operation() + " (" + ref(x) + ") answered OK although " + why, x);
        }
      }
    }
  }

  private String superseded(LeaseToken token, Entry write) {
    for (Sighting d : deliveries.getOrDefault(key(token), List.of())) {
      if (d.token().nonce() == token.nonce() && d.token().claimSequence() > token.claimSequence()
          && d.claim().precedes(write)) {
        return "claim " + ref(d.claim()) + " had already superseded it with lease #" + d.token().claimSequence();
      }
    }
    return null;
  }

  private String expired(LeaseToken token, Entry write) {
    long latestExpiry = latestPossibleExpiry(token, write);
    long earliestNow = write.invoke().clockMillis() - tolerance;
    if (latestExpiry != UNBOUNDED && latestExpiry <= earliestNow) {
      return "the lease had expired by t=" + latestExpiry + " and the call was sent at t=" + write.invoke().clockMillis();
    }
    return null;
  }

  /**
   * The latest time the lease of {@code token} can have been live until, as far as {@code write}
   * could see: the largest expiry any claim reported, pushed out by every extension that may have
   * been applied before {@code write} completed.
   */
  private long latestPossibleExpiry(LeaseToken token, Entry write) {
    List<Sighting> seen = sightings.get(token);
    if (seen == null) {
      return UNBOUNDED; // never delivered in this history: nothing to judge by
    }
    long latest = seen.stream().mapToLong(s -> s.lease().expiresAtMillis()).max().orElseThrow();
    for (Entry x : extensions.getOrDefault(token, List.of())) {
      if (x == write || x.invokeIndex() >= write.completionIndex()) {
        continue;
      }
      if (x.status() == Type.UNKNOWN) {
        return UNBOUNDED;
      }
      if (x.result() == AckStatus.OK) {
        long d = ((Operation.ExtendLease) x.operation()).durationMillis();
        latest = Math.max(latest, x.completionClock() + tolerance + d);
      }
    }
    return latest;
  }

  // ------------------------------------------------------------------ double terminal

  private enum End { COMPLETED, REMOVED, ARCHIVED }

  private record Finish(Entry entry, Long nonce, End end, boolean transition, String label) {}

  private void checkDoubleTerminal() {
    Set<TaskKey> keys = new HashSet<>(enqueues.keySet());
    keys.addAll(deliveries.keySet());
    for (TaskKey key : keys) {
      List<Finish> finishes = finishes(key);
      if (finishes.isEmpty()) {
        continue;
      }
      Set<Long> nonces = new HashSet<>();
      for (Entry e : enqueues.getOrDefault(key, List.of())) {
        nonces.add(((Operation.Enqueue) e.operation()).nonce());
      }
      boolean singleIncarnation = nonces.size() <= 1;
      Set<Integer> flagged = new HashSet<>();
      for (Finish f : finishes) {
        int after = f.entry().completionIndex();
        int stop = nextEnqueueInvoke(key, after);
        String problem = null;
        Entry witness = null;
        for (Sighting d : deliveries.getOrDefault(key, List.of())) {
          int at = d.claim().invokeIndex();
          if (at > after && at < stop && sameIncarnation(f.nonce(), d.token().nonce(), singleIncarnation)
              && !revived(key, f, d.claim().completionIndex())) {
            problem = "delivered again as lease #" + d.token().claimSequence() + " by " + ref(d.claim());
            witness = d.claim();
            break;
          }
        }
        if (problem == null) {
          for (Finish g : finishes) {
            int at = g.entry().invokeIndex();
            if (g.transition() && at > after && at < stop && sameIncarnation(f.nonce(), g.nonce(), singleIncarnation)
                && !revived(key, f, g.entry().completionIndex())) {
              problem = "finished again by " + g.label() + " (" + ref(g.entry()) + ")";
              witness = g.entry();
              break;
            }
          }
        }
        if (problem == null && singleIncarnation) {
          for (Observation o : observations.getOrDefault(key, List.of())) {
            int at = o.read().invokeIndex();
            if (at > after && at < stop && !allowedAfter(f, o.task().state()) && !revived(key, f, o.read().completionIndex())) {
              problem = "seen " + o.task().state() + " by " + ref(o.read());
              witness = o.read();
              break;
            }
          }
        }
        if (problem != null && flagged.add(witness.invokeIndex())) {
          report(AnomalyKind.DOUBLE_TERMINAL, key, problem + " after it was " + f.label() + " (" + ref(f.entry()) + ")",
              f.entry(), witness);
        }
      }
    }
  }

  private List<Finish> finishes(TaskKey key) {
    List<Finish> out = new ArrayList<>();
    for (LeaseToken token : ackedTokens.getOrDefault(key, Set.of())) {
      for (Entry a : acks.get(token)) {
        if (a.result() != AckStatus.OK) {
          continue;
        }
        AckKind kind = ((Operation.Ack) a.operation()).kind();
        long nonce = token.nonce();
        switch (kind) {
          case COMPLETE -> out.add(new Finish(a, nonce, End.COMPLETED, true, "completed"));
          case REVOKE -> out.add(new Finish(a, nonce, End.REMOVED, true, "revoked"));
          case ARCHIVE -> out.add(new Finish(a, nonce, End.ARCHIVED, true, "archived"));
          default -> { }
        }
      }
    }
    for (Entry a : admin.getOrDefault(key, List.of())) {
      if (!a.isOk()) {
        continue;
      }
      Operation.AdminKind kind = ((Operation.Admin) a.operation()).kind();
      if (kind == Operation.AdminKind.DELETE) {
        out.add(new Finish(a, null, End.REMOVED, false, "deleted"));
      } else if (kind == Operation.AdminKind.ARCHIVE) {
        out.add(new Finish(a, null, End.ARCHIVED, true, "archived by admin"));
      }
    }
    for (Observation o : observations.getOrDefault(key, List.of())) {
      if (o.task().state() == TaskState.COMPLETED) {
        out.add(new Finish(o.read(), null, End.COMPLETED, false, "seen COMPLETED"));
      } else if (o.task().state() == TaskState.ARCHIVED) {
        out.add(new Finish(o.read(), null, End.ARCHIVED, false, "seen ARCHIVED"));
      }
    }
    out.sort(Comparator.comparingInt(f -> f.entry().completionIndex()));
    return out;
  }

  private static boolean sameIncarnation(Long a, Long b, boolean singleIncarnation) {
    return a == null || b == null ? singleIncarnation : a.longValue() == b.longValue();
  }

  private static boolean allowedAfter(Finish f, TaskState seen) {
    return switch (f.end()) {
      case COMPLETED -> seen == TaskState.COMPLETED;
      case ARCHIVED -> seen == TaskState.ARCHIVED;
      case REMOVED -> false;
    };
  }

  /** Whether an archived task may have been made pending again by run-now before {@code before}. */
  private boolean revived(TaskKey key, Finish f, int before) {
    if (f.end() != End.ARCHIVED) {
      return false;
    }
    for (Entry a : admin.getOrDefault(key, List.of())) {
      if (((Operation.Admin) a.operation()).kind() == Operation.AdminKind.RUN_NOW && a.status() != Type.FAIL
          && a.invokeIndex() > f.entry().invokeIndex() && a.invokeIndex() < before) {
        return true;
      }
    }
    return false;
  }

  private int nextEnqueueInvoke(TaskKey key, int after) {
    for (Entry e : enqueues.getOrDefault(key, List.of())) {
      if (e.invokeIndex() > after) {
        return e.invokeIndex();
      }
    }
    return Integer.MAX_VALUE;
  }

  // ------------------------------------------------------------------ early delivery

  private void checkEarlyDelivery() {
    for (Map.Entry<TaskKey, List<Sighting>> e : deliveries.entrySet()) {
      TaskKey key = e.getKey();
      Sighting previous = null;
      for (Sighting d : e.getValue()) {
        int claimDone = d.claim().completionIndex();
        long due = NO_BOUND;
        String why = null;
        if (!runNowInvokedBefore(key, -1, claimDone)) {
          long enqueueDue = enqueueDueLowerBound(key, d.token().nonce(), claimDone);
          if (enqueueDue != NO_BOUND) {
            due = enqueueDue;
            why = "enqueued to be due at t>=" + enqueueDue;
          }
        }
        if (previous != null && previous.token().nonce() == d.token().nonce()
            && previous.token().claimSequence() == d.token().claimSequence() - 1) {
          long release = releaseLowerBound(key, previous, claimDone);
          if (release > due) {
            due = release;
            why = "lease #" + previous.token().claimSequence() + " from " + ref(previous.claim()) + " left it not due before t=" + release;
          }
        }
        if (due != NO_BOUND && d.claim().completionClock() + tolerance < due) {
          report(AnomalyKind.EARLY_DELIVERY, key, "claimed by " + ref(d.claim()) + " at t<=" + d.claim().completionClock()
              + " but " + why, d.claim());
        }
        previous = d;
      }
    }
  }

  /** The earliest the task can have become due when created: min over attempts of max(sent + delay, processAt). */
  private long enqueueDueLowerBound(TaskKey key, long nonce, int before) {
    long bound = UNBOUNDED;
    for (Entry e : enqueues.getOrDefault(key, List.of())) {
      Operation.Enqueue op = (Operation.Enqueue) e.operation();
      if (op.nonce() == nonce && e.invokeIndex() < before && e.status() != Type.FAIL) {
        bound = Math.min(bound, Math.max(e.invoke().clockMillis() + op.delayMillis(), op.processAtMillis()));
      }
    }
    return bound == UNBOUNDED ? NO_BOUND : bound;
  }

  /**
   * The earliest the task can have been claimable again after lease {@code prev}: after an applied
   * retry, its send time plus the delay; after no applied ack, the lease's expiry (recovery needs
   * it); after a requeue, archive or run-now, no bound.
   */
  private long releaseLowerBound(TaskKey key, Sighting prev, int before) {
    List<Entry> prevAcks = acks.getOrDefault(prev.token(), List.of());
    for (Entry a : prevAcks) {
      if (a.invokeIndex() < before && a.result() == AckStatus.OK) {
        return boundAfter(key, a, before); // this ack certainly ended the lease
      }
    }
    long bound = prev.lease().expiresAtMillis(); // if no ack applied, only recovery after expiry frees it
    for (Entry a : prevAcks) {
      if (a.invokeIndex() < before && possiblyApplied(a)) {
        bound = Math.min(bound, boundAfter(key, a, before));
      }
    }
    return bound;
  }

  /** The earliest the task can be claimable again if {@code ack} was applied. */
  private long boundAfter(TaskKey key, Entry ack, int before) {
    Operation.Ack op = (Operation.Ack) ack.operation();
    if (op.kind() != AckKind.RETRY || runNowInvokedBefore(key, ack.invokeIndex(), before)) {
      return NO_BOUND;
    }
    return ack.invoke().clockMillis() + op.retryDelayMillis();
  }

  private boolean runNowInvokedBefore(TaskKey key, int after, int before) {
    for (Entry a : admin.getOrDefault(key, List.of())) {
      if (((Operation.Admin) a.operation()).kind() == Operation.AdminKind.RUN_NOW && a.status() != Type.FAIL
          && a.invokeIndex() > after && a.invokeIndex() < before) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ lost

  private HistoryReport.Summary checkLost() {
    Entry finalRead = reads.stream().max(Comparator.comparingInt(Entry::completionIndex)).orElse(null);
    Set<TaskKey> visible = new HashSet<>();
    Set<String> covered = new HashSet<>();
    if (finalRead != null) {
      covered.addAll(((Operation.Read) finalRead.operation()).queues());
      @SuppressWarnings("unchecked")
      List<TaskInfo> seen = (List<TaskInfo>) finalRead.result();
      seen.forEach(t -> visible.add(new TaskKey(t.queue(), t.id())));
    }
    int acknowledged = 0;
    int unknown = 0;
    int recovered = 0;
    int purgedUnseen = 0;
    for (Map.Entry<TaskKey, List<Entry>> e : enqueues.entrySet()) {
      TaskKey key = e.getKey();
      Entry ack = null;
      for (Entry en : e.getValue()) {
        unknown += en.status() == Type.UNKNOWN ? 1 : 0;
        if (ack == null && en.isOk() && ((EnqueueResult) en.result()).outcome().acknowledged()) {
          ack = en;
        }
      }
      if (ack != null) {
        acknowledged++;
      } else if (deliveries.containsKey(key) || observations.containsKey(key)) {
        recovered++;
      }
      if (finalRead == null || ack == null || !covered.contains(key.queue()) || !ack.precedes(finalRead)
          || visible.contains(key) || finished(key)) {
        continue;
      }
      if (possiblyPurgedUnseen(key, finalRead)) {
        purgedUnseen++;
        continue;
      }
      report(AnomalyKind.LOST, key, "acknowledged by " + ref(ack) + " (" + ((EnqueueResult) ack.result()).outcome()
          + "), never finished, and not in the final read " + ref(finalRead), ack, finalRead);
    }
    return new HistoryReport.Summary(history.entries().size(), enqueues.size(), acknowledged, unknown, recovered,
        claimsOk, sightings.size(), acksOk, finalRead != null, visible.size(), purgedUnseen);
  }

  /** Whether anything says the task reached a terminal state (or may have, for unknown outcomes). */
  private boolean finished(TaskKey key) {
    for (Entry e : enqueues.getOrDefault(key, List.of())) {
      if (e.isOk() && ((EnqueueResult) e.result()).outcome() == EnqueueOutcome.EXISTING && ((EnqueueResult) e.result()).state() == null) {
        return true; // the broker answered from a tombstone: the task existed and was removed
      }
    }
    for (LeaseToken token : ackedTokens.getOrDefault(key, Set.of())) {
      for (Entry a : acks.get(token)) {
        AckKind kind = ((Operation.Ack) a.operation()).kind();
        if ((kind == AckKind.COMPLETE || kind == AckKind.REVOKE || kind == AckKind.ARCHIVE) && possiblyApplied(a)) {
          return true;
        }
      }
    }
    for (Entry a : admin.getOrDefault(key, List.of())) {
      Operation.AdminKind kind = ((Operation.Admin) a.operation()).kind();
      if (kind != Operation.AdminKind.RUN_NOW && a.status() != Type.FAIL) {
        return true;
      }
    }
    for (Observation o : observations.getOrDefault(key, List.of())) {
      if (o.task().state() == TaskState.COMPLETED || o.task().state() == TaskState.ARCHIVED) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether recovery may have archived the task without anyone seeing it, and a purge may then have
   * removed it: its last known lease was never acked and had no retries left, or a claim with an
   * unknown outcome may have taken it; and a purge of its queue ran before the final read.
   */
  private boolean possiblyPurgedUnseen(TaskKey key, Entry finalRead) {
    boolean purged = purges.getOrDefault(key.queue(), List.of()).stream().anyMatch(p -> p.invokeIndex() < finalRead.invokeIndex());
    if (!purged) {
      return false;
    }
    for (Entry c : unknownClaims) {
      if (((Operation.Claim) c.operation()).request().queues().contains(key.queue())) {
        return true;
      }
    }
    List<Sighting> ds = deliveries.getOrDefault(key, List.of());
    if (ds.isEmpty()) {
      return false;
    }
    Sighting last = ds.get(ds.size() - 1);
    boolean acked = acks.getOrDefault(last.token(), List.of()).stream().anyMatch(HistoryAnalysis::possiblyApplied);
    TaskInfo t = last.lease().task();
    return !acked && t.attempts() + 1 > t.maxRetry();
  }

  // ------------------------------------------------------------------ helpers

  private List<Entry> enqueuesInvokedBefore(TaskKey key, int before) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : enqueues.getOrDefault(key, List.of())) {
      if (e.invokeIndex() < before) {
        out.add(e);
      }
    }
    return out;
  }

  private static TaskKey key(LeaseToken t) {
    return new TaskKey(t.queue(), t.taskId());
  }

  private static String requestId(Sighting s) {
    return ((Operation.Claim) s.claim().operation()).request().requestId();
  }

  private static String ref(Entry e) {
    return "#" + e.invokeIndex() + (e.completion() == null ? "" : "/#" + e.completion().index());
  }

  private void report(AnomalyKind kind, TaskKey task, String description, Entry... witnesses) {
    counts.merge(kind, 1, Integer::sum);
    List<Anomaly> list = examples.computeIfAbsent(kind, k -> new ArrayList<>());
    if (list.size() < maxExamples) {
      List<Integer> events = new ArrayList<>();
      for (Entry w : witnesses) {
        Objects.requireNonNull(w);
        events.add(w.invokeIndex());
        if (w.completion() != null) {
          events.add(w.completion().index());
        }
      }
      list.add(new Anomaly(kind, task, description, events));
    }
  }
}
