package dev.taskbed.conformance.concurrent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a concurrent run does, generated from a seed: tasks enqueued before the run, then rounds in
 * which every worker thread performs at most one action at the same moment, with the virtual clock
 * moved between rounds. The seed fixes the plan, not the interleaving: real threads race inside
 * each round.
 *
 * @param seed the seed the plan was generated from
 * @param setup tasks enqueued, one by one, before the first round
 * @param rounds the rounds
 * @param timeScale 1 on virtual time; below 1 shrinks leases and clock moves for real-time brokers
 */
record ConcurrentPlan(long seed, List<SetupTask> setup, List<Round> rounds, double timeScale) {
  static final List<String> QUEUES = List.of("default", "critical");

  ConcurrentPlan {
    setup = List.copyOf(setup);
    rounds = List.copyOf(rounds);
  }

  /** A task enqueued before the run. */
  record SetupTask(String queue, String id, long delayMillis, int maxRetry, long retentionMillis, long nonce) {
    @Override
    public String toString() {
      return "enqueue " + queue + "/" + id + (delayMillis > 0 ? " delay=" + delayMillis : "") + " maxRetry=" + maxRetry
          + (retentionMillis > 0 ? " retention=" + retentionMillis : "");
    }
  }

  /**
   * One round: {@code actions.get(i)} is worker i's action, or null if it idles; then the clock
   * moves by {@code advanceMillis}.
   */
  record Round(List<WorkerAction> actions, long advanceMillis) {
    Round {
      actions = Collections.unmodifiableList(new ArrayList<>(actions));
    }

    int size() {
      return (int) actions.stream().filter(a -> a != null).count() + (advanceMillis > 0 ? 1 : 0);
    }
  }

  /** Steps in the plan: setup enqueues, worker actions and clock moves. */
  int size() {
    return setup.size() + rounds.stream().mapToInt(Round::size).sum();
  }

  /** The plan, one line per step (as counted by {@link #size()}), for reports. */
  List<String> describe() {
    List<String> out = new ArrayList<>();
    for (SetupTask t : setup) {
      out.add("setup: " + t);
    }
    for (int r = 0; r < rounds.size(); r++) {
      Round round = rounds.get(r);
      for (int w = 0; w < round.actions().size(); w++) {
        if (round.actions().get(w) != null) {
          out.add("round " + (r + 1) + ", worker " + (w + 1) + ": " + round.actions().get(w));
        }
      }
      if (round.advanceMillis() > 0) {
        out.add("after round " + (r + 1) + ": advance clock " + round.advanceMillis() + " ms");
      }
    }
    return out;
  }

  static ConcurrentPlan generate(long seed, int threads, int rounds, double timeScale) {
    SplittableRandom r = new SplittableRandom(seed);
    List<SetupTask> setup = new ArrayList<>();
    int base = r.nextInt(100_000);
    for (int i = 0, n = 10 + r.nextInt(21); i < n; i++) {
      setup.add(new SetupTask(QUEUES.get(r.nextInt(10) < 7 ? 0 : 1), "s" + (base + i),
          r.nextInt(10) < 8 ? 0 : scaled(1 + r.nextInt(3_000), timeScale), r.nextInt(4),
          r.nextInt(10) < 2 ? 3_600_000 : 0, r.nextLong()));
    }
    List<Round> plan = new ArrayList<>();
    int produced = base;
    for (int i = 0; i < rounds; i++) {
      List<WorkerAction> actions = new ArrayList<>();
      int contention = r.nextInt(100);
      if (contention < 8) {
        // Every worker sends the same enqueue at once: one id, or one uniqueness key.
        WorkerAction.Kind kind = contention < 4 ? WorkerAction.Kind.ENQUEUE_SAME_ID : WorkerAction.Kind.ENQUEUE_SAME_KEY;
        String group = (kind == WorkerAction.Kind.ENQUEUE_SAME_ID ? "race" : "uniq") + (++produced);
        String queue = QUEUES.get(r.nextInt(10) < 7 ? 0 : 1);
        for (int w = 0; w < threads; w++) {
          actions.add(new WorkerAction(kind, queue, 0, 0, group));
        }
      } else {
        for (int w = 0; w < threads; w++) {
          WorkerAction a = WorkerAction.random(r, timeScale, "p" + (++produced));
          actions.add(a);
        }
      }
      int roll = r.nextInt(100);
      long advance = roll < 60 ? 0 : roll < 85 ? scaled(100 + r.nextInt(900), timeScale) : scaled(1_000 + r.nextInt(5_000), timeScale);
      plan.add(new Round(actions, advance));
    }
    return new ConcurrentPlan(seed, setup, plan, timeScale);
  }

  static long scaled(long millis, double timeScale) {
    return Math.max(1, Math.round(millis * timeScale));
  }

  // ------------------------------------------------------------------ shrinking

  /** Plans with one part removed or simplified, most aggressive first. */
  List<ConcurrentPlan> simplifications() {
    List<ConcurrentPlan> out = new ArrayList<>();
    for (int chunk = Math.max(1, rounds.size() / 2); chunk >= 1; chunk /= 2) {
      for (int i = 0; i < rounds.size(); i += chunk) {
        List<Round> fewer = new ArrayList<>(rounds);
        fewer.subList(i, Math.min(i + chunk, fewer.size())).clear();
        out.add(new ConcurrentPlan(seed, setup, fewer, timeScale));
      }
      if (chunk == 1) {
        break;
      }
    }
    for (int i = 0; i < setup.size(); i++) {
      List<SetupTask> fewer = new ArrayList<>(setup);
      fewer.remove(i);
      out.add(new ConcurrentPlan(seed, fewer, rounds, timeScale));
    }
    for (int i = 0; i < rounds.size(); i++) {
      Round round = rounds.get(i);
      for (int w = 0; w < round.actions().size(); w++) {
        if (round.actions().get(w) != null) {
          List<WorkerAction> idle = new ArrayList<>(round.actions());
          idle.set(w, null);
          out.add(withRound(i, new Round(idle, round.advanceMillis())));
        }
      }
      if (round.advanceMillis() > 0) {
        out.add(withRound(i, new Round(round.actions(), 0)));
      }
    }
    return out;
  }

  private ConcurrentPlan withRound(int i, Round round) {
    List<Round> changed = new ArrayList<>(rounds);
    changed.set(i, round);
    return new ConcurrentPlan(seed, setup, changed, timeScale);
  }
}
