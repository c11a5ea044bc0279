package dev.taskbed.conformance.history;

import java.util.Objects;

/**
 * Names one task across a history: its queue and id. Ids are unique per queue, so this is how an
 * enqueue, the leases on the task, its acks and the reads that saw it are tied together.
 *
 * @param queue the task's queue
 * @param taskId the task's id
 */
public record TaskKey(String queue, String taskId) implements Comparable<TaskKey> {
  public TaskKey {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(taskId, "taskId");
  }

  @Override
  public int compareTo(TaskKey o) {
    int c = queue.compareTo(o.queue);
    return c != 0 ? c : taskId.compareTo(o.taskId);
  }

  @Override
  public String toString() {
    return queue + "/" + taskId;
  }
}
