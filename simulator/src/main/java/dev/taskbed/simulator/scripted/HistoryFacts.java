package dev.taskbed.simulator.scripted;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.conformance.history.History;
import dev.taskbed.conformance.history.HistoryEvent;
import dev.taskbed.conformance.history.Operation;
import dev.taskbed.conformance.history.TaskKey;
import dev.taskbed.spi.AckKind;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.MaintenanceResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Questions scenarios ask of a history to show that their fault fired and what it did: how many
 * calls ended unknown, which tasks were claimed by a claim nobody saw, what an ack was answered,
 * how long calls took. Read-only views; the verdict on anomalies is the history checker's.
 */
public final class HistoryFacts {
  private final History history;

  public HistoryFacts(History history) {
    this.history = history;
  }

  public History history() {
    return history;
  }

  public long count(Predicate<History.Entry> p) {
    return history.entries().stream().filter(p).count();
  }

  public static Predicate<History.Entry> is(Class<? extends Operation> kind) {
    return e -> kind.isInstance(e.operation());
  }

  public static Predicate<History.Entry> unknown() {
    return e -> e.status() == HistoryEvent.Type.UNKNOWN;
  }

  public static Predicate<History.Entry> byProcess(String prefix) {
    return e -> e.invoke().process().startsWith(prefix);
  }

  public static Predicate<History.Entry> ack(AckKind kind) {
    return e -> e.operation() instanceof Operation.Ack a && a.kind() == kind;
  }

  public static Predicate<History.Entry> answered(Object result) {
    return e -> e.isOk() && result.equals(e.result());
  }

  public static Predicate<History.Entry> invokedBetween(long fromNanos, long toNanos) {
    return e -> e.invoke().wallNanos() >= fromNanos && e.invoke().wallNanos() < toNanos;
  }

  /** The first lease each task was seen delivered under, in order of delivery. */
  public Map<TaskKey, Lease> firstDeliveries() {
    Map<TaskKey, Lease> first = new LinkedHashMap<>();
    List<History.Entry> claims = new ArrayList<>();
    for (History.Entry e : history.entries()) {
      if (e.operation() instanceof Operation.Claim && e.isOk()) {
        claims.add(e);
      }
    }
    claims.sort(java.util.Comparator.comparingInt(History.Entry::completionIndex));
    for (History.Entry e : claims) {
      for (Lease l : ((ClaimResult) e.result()).leases()) {
        first.putIfAbsent(new TaskKey(l.token().queue(), l.token().taskId()), l);
      }
    }
    return first;
  }

  /**
   * Tasks first seen delivered under a claim sequence above 1: an earlier claim took them that no
   * client ever saw (its reply was lost), and they came back only through lease recovery.
   */
  public List<TaskKey> claimedByUnseenClaims() {
    List<TaskKey> out = new ArrayList<>();
    firstDeliveries().forEach((k, l) -> {
      if (l.token().claimSequence() > 1) {
        out.add(k);
      }
    });
    return out;
  }

  /** Tasks moved out of expired leases by {@code recoverExpiredLeases}, summed over OK calls. */
  public long recoveredLeases() {
    long n = 0;
    for (History.Entry e : history.entries()) {
      if (e.operation() instanceof Operation.Maintenance m && m.kind() == Operation.MaintenanceKind.RECOVER_EXPIRED_LEASES
          && e.isOk()) {
        n += ((MaintenanceResult) e.result()).processed();
      }
    }
    return n;
  }

  /** Enqueue calls answered EXISTING: a retry found the task its earlier, unanswered attempt created. */
  public long enqueuesAnsweredExisting() {
    return count(e -> e.operation() instanceof Operation.Enqueue && e.isOk()
        && ((EnqueueResult) e.result()).outcome() == EnqueueOutcome.EXISTING);
  }

  /** Tasks with an OK {@code complete}. */
  public long tasksCompleted() {
    return history.entries().stream().filter(ack(AckKind.COMPLETE).and(answered(AckStatus.OK)))
        .map(e -> e.operation().task()).distinct().count();
  }

  /** Durations (ms) of the OK calls matching {@code p}, sorted. */
  public List<Double> latenciesMillis(Predicate<History.Entry> p) {
    List<Double> out = new ArrayList<>();
    for (History.Entry e : history.entries()) {
      if (e.isOk() && p.test(e)) {
        out.add((e.completion().wallNanos() - e.invoke().wallNanos()) / 1e6);
      }
    }
    Collections.sort(out);
    return out;
  }

  /** The {@code q}-quantile of sorted values, or NaN for none. */
  public static double quantile(List<Double> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
  }
}
