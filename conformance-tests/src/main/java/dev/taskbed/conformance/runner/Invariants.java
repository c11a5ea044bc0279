package dev.taskbed.conformance.runner;

import dev.taskbed.QueueStats;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.conformance.history.TaskKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Properties the broker under test must show after every step, judged from its admin view alone
 * (no model involved), so that a failure names the broken rule in plain words. Some compare with
 * the previous step's view: finished tasks stay finished, counters never run backwards, nothing
 * becomes claimable before its time, paused queues hand out nothing.
 */
final class Invariants {
  private Invariants() {}

  /** The first violated invariant as "name: detail", or {@code null}. */
  static String check(StateSnapshot prev, StateSnapshot cur, long now, Call step, Map<TaskKey, Long> highestClaimSequence) {
    List<String> queues = cur.registered();
    for (int i = 1; i < queues.size(); i++) {
      if (queues.get(i - 1).compareTo(queues.get(i)) >= 0) {
        return "queues sorted and distinct: " + queues;
      }
    }
    Map<TaskKey, TaskInfo> seen = new HashMap<>();
    for (Map.Entry<String, Map<TaskState, List<TaskInfo>>> q : cur.tasks().entrySet()) {
      QueueStats stats = cur.stats().get(q.getKey());
      if (!stats.queue().equals(q.getKey())) {
        return "stats name their queue: stats(" + q.getKey() + ") says " + stats.queue();
      }
      for (TaskState s : TaskState.values()) {
        List<TaskInfo> list = q.getValue().get(s);
        if (stats.count(s) != list.size()) {
          return "stats agree with listings: stats(" + q.getKey() + ")." + s + " = " + stats.count(s) + " but list shows " + list.size();
        }
        String order = order(s, list);
        if (order != null) {
          return "listings follow their total order: " + q.getKey() + " " + s + ": " + order;
        }
        for (TaskInfo t : list) {
          TaskKey key = new TaskKey(t.queue(), t.id());
          if (!t.queue().equals(q.getKey()) || t.state() != s) {
            return "a task is listed under its own queue and state: " + t + " listed under " + q.getKey() + " " + s;
          }
          TaskInfo twice = seen.put(key, t);
          if (twice != null) {
            return "every task in exactly one state: " + key + " listed as " + twice.state() + " and " + s;
          }
          String fields = fields(t);
          if (fields != null) {
            return "state-specific fields match the state: " + fields + " in " + t;
          }
          if (t.attempts() > t.maxRetry() + 1 || (s != TaskState.ARCHIVED && t.attempts() > t.maxRetry())) {
            return "retry counts never exceed maxRetry: " + t;
          }
          Long highest = highestClaimSequence.get(key);
          if (s == TaskState.ACTIVE && highest != null && t.claimSequence() != highest) {
            return "at most one live lease per task: " + key + " is ACTIVE at claim " + t.claimSequence()
                + " but lease #" + highest + " was handed out";
          }
        }
      }
    }
    for (TaskInfo before : prev.all()) {
      TaskKey key = new TaskKey(before.queue(), before.id());
      TaskInfo after = seen.get(key);
      String change = change(before, after, now, step, key, prev, cur);
      if (change != null) {
        return change;
      }
    }
    return null;
  }

  private static String change(TaskInfo before, TaskInfo after, long now, Call step, TaskKey key, StateSnapshot prev, StateSnapshot cur) {
    boolean runNowOfThis = step != null && step.runNow() && key.equals(step.subject());
    if (after == null) {
      return null; // removal is judged by the model comparison
    }
    if (after.claimSequence() < before.claimSequence()) {
      return "claim sequences never decrease: " + key + " went from " + before.claimSequence() + " to " + after.claimSequence();
    }
    if (after.attempts() < before.attempts() && !(runNowOfThis && before.state() == TaskState.ARCHIVED)) {
      return "attempts never decrease except by run-now of an archived task: " + key + " went from "
          + before.attempts() + " to " + after.attempts();
    }
    if (before.state() == TaskState.COMPLETED && after.state() != TaskState.COMPLETED) {
      return "completed tasks stay completed: " + key + " went from COMPLETED to " + after.state();
    }
    if (before.state() == TaskState.ARCHIVED && after.state() != TaskState.ARCHIVED && !runNowOfThis) {
      return "archived tasks leave ARCHIVED only by run-now: " + key + " went to " + after.state();
    }
    boolean delayed = before.state() == TaskState.SCHEDULED || before.state() == TaskState.RETRY;
    boolean released = after.state() == TaskState.PENDING || after.state() == TaskState.ACTIVE;
    if (delayed && released && !runNowOfThis && before.nextProcessAt() != null && now < before.nextProcessAt().toEpochMilli()) {
      return "no task is claimable before its time: " + key + " was " + before.state() + " due at "
          + before.nextProcessAt().toEpochMilli() + " and became " + after.state() + " at " + now;
    }
    boolean pausedThroughout = prev.stats().containsKey(key.queue()) && prev.stats().get(key.queue()).paused()
        && cur.stats().get(key.queue()).paused();
    if (pausedThroughout && after.claimSequence() > before.claimSequence()) {
      return "claims skip paused queues: " + key + " was claimed (claim " + after.claimSequence() + ") while "
          + key.queue() + " was paused";
    }
    return null;
  }

  private static String fields(TaskInfo t) {
    TaskState s = t.state();
    if ((s == TaskState.ACTIVE) != (t.leaseExpiresAt() != null)) {
      return "leaseExpiresAt set iff ACTIVE";
    }
    if ((s == TaskState.SCHEDULED || s == TaskState.RETRY) != (t.nextProcessAt() != null)) {
      return "nextProcessAt set iff SCHEDULED or RETRY";
    }
    if ((s == TaskState.COMPLETED) != (t.completedAt() != null)) {
      return "completedAt set iff COMPLETED";
    }
    if ((s == TaskState.ARCHIVED) != (t.archivedAt() != null)) {
      return "archivedAt set iff ARCHIVED";
    }
    if ((t.lastError() == null) != (t.lastFailedAt() == null)) {
      return "lastError and lastFailedAt go together";
    }
    if (t.attempts() < 0 || t.claimSequence() < 0) {
      return "counters are non-negative";
    }
    if (s == TaskState.ACTIVE && t.claimSequence() < 1) {
      return "an ACTIVE task has been claimed";
    }
    return null;
  }

  private static String order(TaskState s, List<TaskInfo> list) {
    ToLongFunction<TaskInfo> score = switch (s) {
      case SCHEDULED, RETRY -> t -> millis(t.nextProcessAt());
      case ACTIVE -> t -> millis(t.leaseExpiresAt());
      case ARCHIVED -> t -> millis(t.archivedAt());
      case COMPLETED -> t -> millis(t.completedAt()) + t.retention().toMillis();
      case PENDING -> null;
    };
    if (score == null) {
      return null;
    }
    List<Long> scores = new ArrayList<>();
    for (TaskInfo t : list) {
      scores.add(score.applyAsLong(t));
    }
    for (int i = 1; i < scores.size(); i++) {
      if (scores.get(i - 1) > scores.get(i)) {
        return list.get(i - 1).id() + " (" + scores.get(i - 1) + ") before " + list.get(i).id() + " (" + scores.get(i) + ")";
      }
    }
    return null;
  }

  private static long millis(Instant i) {
    return i == null ? Long.MIN_VALUE : i.toEpochMilli();
  }
}
