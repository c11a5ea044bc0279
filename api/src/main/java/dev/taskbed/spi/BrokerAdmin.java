package dev.taskbed.spi;

import dev.taskbed.Page;
import dev.taskbed.QueueStats;
import dev.taskbed.TaskActiveException;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskNotFoundException;
import dev.taskbed.TaskState;
import dev.taskbed.TaskStateException;
import java.util.List;
import java.util.Optional;

/**
 * Inspection and admin operations, separate from {@link Broker} so a minimal backend stays small.
 * Listings follow the total orders given in the package documentation. Thread-safe; each call is
 * atomic.
 *
 * <p><b>Resends.</b> {@link #delete}, {@link #runNow} and {@link #archive} are applied at most once
 * per call and answer as that application did, also when the backend sends the call again after a
 * lost reply: a delete whose first run removed the task returns normally, it does not report the
 * {@link TaskNotFoundException} its resend would find. A new call is judged afresh.
 */
public interface BrokerAdmin {

  /** Every registered queue, sorted by name. */
  List<String> queues();

  /** Counts by state; all zero (and not paused) for an unknown queue. */
  QueueStats stats(String queue);

  /**
   * Tasks of one state, skipping {@code offset} and returning at most {@code limit}
   * ({@code limit >= 1}).
   */
  Page<TaskInfo> list(String queue, TaskState state, int offset, int limit);

  /** One task, if it exists (tombstones are not tasks). */
  Optional<TaskInfo> get(String queue, String taskId);

  /**
   * Deletes a task in any state but ACTIVE, leaving a tombstone and releasing its uniqueness lock.
   *
   * @throws TaskNotFoundException if there is no such task
   * @throws TaskActiveException if the task is ACTIVE
   */
  void delete(String queue, String taskId);

  /**
   * Makes a SCHEDULED, RETRY or ARCHIVED task PENDING at the tail of its queue; an ARCHIVED task's
   * attempts reset to 0. Signals work listeners.
   *
   * @throws TaskNotFoundException if there is no such task
   * @throws TaskActiveException if the task is ACTIVE
   * @throws TaskStateException if the task is PENDING or COMPLETED
   */
  void runNow(String queue, String taskId);

  /**
   * Archives a PENDING, SCHEDULED or RETRY task at {@code now}, without counting an attempt.
   *
   * @throws TaskNotFoundException if there is no such task
   * @throws TaskActiveException if the task is ACTIVE
   * @throws TaskStateException if the task is ARCHIVED or COMPLETED
   */
  void archive(String queue, String taskId);

  /** Makes claims skip the queue (registering it if new). Idempotent. */
  void pause(String queue);

  /** Lets claims take from the queue again. Idempotent; an unknown queue stays unregistered. */
  void unpause(String queue);
}
