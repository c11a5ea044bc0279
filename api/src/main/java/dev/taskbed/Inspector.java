package dev.taskbed;

import dev.taskbed.internal.DefaultInspector;
import dev.taskbed.spi.BrokerAdmin;
import java.util.List;
import java.util.Optional;

/**
 * Shows and manages what is queued: queues and their counts, tasks by state, and single-task
 * operations. Thread-safe.
 */
public interface Inspector {
  /** Page size used when none is given. */
  int DEFAULT_PAGE_SIZE = 30;

  static Inspector create(BrokerAdmin admin) {
    return new DefaultInspector(admin);
  }

  /** Every registered queue, sorted. */
  List<String> queues();

  /** Counts by state for one queue. */
  QueueStats stats(String queue);

  /** Page {@code page} (from 0) of tasks in {@code state}, {@code pageSize} per page. */
  Page<TaskInfo> list(String queue, TaskState state, int page, int pageSize);

  /** The first {@value #DEFAULT_PAGE_SIZE} tasks in {@code state}. */
  default Page<TaskInfo> list(String queue, TaskState state) {
    return list(queue, state, 0, DEFAULT_PAGE_SIZE);
  }

  Optional<TaskInfo> task(String queue, String taskId);

  /** Deletes a non-active task. @throws TaskActiveException if it is running */
  void delete(String queue, String taskId);

  /** Runs a scheduled, retry or archived task now. @throws TaskActiveException if it is running */
  void runNow(String queue, String taskId);

  /** Archives a pending, scheduled or retry task. @throws TaskActiveException if it is running */
  void archive(String queue, String taskId);

  void pause(String queue);

  void unpause(String queue);
}
