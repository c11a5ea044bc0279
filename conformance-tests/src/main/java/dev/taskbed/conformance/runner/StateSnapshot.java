package dev.taskbed.conformance.runner;

import dev.taskbed.Page;
import dev.taskbed.QueueStats;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.spi.BrokerAdmin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the admin interface shows about some queues at one moment: the registered queues,
 * each queue's stats, and every task of every state in listing order.
 */
record StateSnapshot(List<String> registered, Map<String, QueueStats> stats, Map<String, Map<TaskState, List<TaskInfo>>> tasks,
    int reads) {
  private static final int PAGE = 1_000;

  static StateSnapshot take(BrokerAdmin admin, Collection<String> queues) {
    Map<String, QueueStats> stats = new TreeMap<>();
    Map<String, Map<TaskState, List<TaskInfo>>> tasks = new TreeMap<>();
    int reads = 1;
    for (String q : queues) {
      stats.put(q, admin.stats(q));
      reads++;
      Map<TaskState, List<TaskInfo>> byState = new EnumMap<>(TaskState.class);
      for (TaskState s : TaskState.values()) {
        List<TaskInfo> all = new ArrayList<>();
        Page<TaskInfo> page;
        do {
          page = admin.list(q, s, all.size(), PAGE);
          reads++;
          all.addAll(page.items());
        } while (page.hasMore() && !page.items().isEmpty());
        byState.put(s, all);
      }
      tasks.put(q, byState);
    }
    return new StateSnapshot(admin.queues(), stats, tasks, reads);
  }

  /** Every task shown, all queues and states. */
  List<TaskInfo> all() {
    List<TaskInfo> out = new ArrayList<>();
    tasks.values().forEach(m -> m.values().forEach(out::addAll));
    return out;
  }

  /** Equal views: the same queues, stats and listings (the read count is not part of the view). */
  @Override
  public boolean equals(Object o) {
    return o instanceof StateSnapshot other && registered.equals(other.registered) && stats.equals(other.stats)
        && tasks.equals(other.tasks);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(registered, stats, tasks);
  }

  /** Where this snapshot (the broker's) first differs from {@code expected} (the model's), or null. */
  String firstDifference(StateSnapshot expected) {
    if (!registered.equals(expected.registered)) {
      return "queues(): expected " + expected.registered + " but was " + registered;
    }
    for (String q : expected.stats.keySet()) {
      if (!Objects.equals(stats.get(q), expected.stats.get(q))) {
        return "stats(" + q + "): expected " + expected.stats.get(q) + " but was " + stats.get(q);
      }
      for (TaskState s : TaskState.values()) {
        List<TaskInfo> want = expected.tasks.get(q).get(s);
        List<TaskInfo> got = tasks.get(q).get(s);
        if (!want.equals(got)) {
          return "list(" + q + ", " + s + "): expected ids " + ids(want) + " but was " + ids(got) + firstTaskDifference(want, got);
        }
      }
    }
    return null;
  }

  private static List<String> ids(List<TaskInfo> list) {
    return list.stream().map(TaskInfo::id).toList();
  }

  private static String firstTaskDifference(List<TaskInfo> want, List<TaskInfo> got) {
    for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
      if (!want.get(i).equals(got.get(i))) {
        return "\n        expected " + want.get(i) + "\n        but was  " + got.get(i);
      }
    }
    return "";
  }
}
