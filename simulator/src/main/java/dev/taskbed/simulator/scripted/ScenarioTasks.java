package dev.taskbed.simulator.scripted;

import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import java.time.Duration;

/**
 * The tasks scripted scenarios enqueue. The payload says how long the handler works ({@code ms=...});
 * {@link #HOLD} tasks are held until their attempt is cancelled, to keep a lease in a worker's hand
 * across a fault. Ids are fixed by the producer ({@code <queue>-<n>}), so a task is traceable
 * through the history, the executions and the final read.
 */
public final class ScenarioTasks {
  /** A task whose handler sleeps for the payload's {@code ms}. */
  public static final String WORK = "scenario:work";
  /** A task whose handler blocks until the attempt is cancelled (at most {@link #HOLD_LIMIT}). */
  public static final String HOLD = "scenario:hold";
  /** Longest a {@link #HOLD} handler blocks. */
  public static final Duration HOLD_LIMIT = Duration.ofSeconds(30);

  private ScenarioTasks() {}

  /** Task {@code n} of {@code queue}, a {@link #WORK} task taking {@code handlerMillis}. */
  public static Task work(String queue, int n, long handlerMillis) {
    return task(WORK, queue, id(queue, n), handlerMillis, Duration.ZERO);
  }

  /** A {@link #HOLD} task, kept {@code retention} after completion so its final state can be read. */
  public static Task hold(String queue, int n, Duration retention) {
    return task(HOLD, queue, id(queue, n), 0, retention);
  }

  /** Any task of this suite. */
  public static Task task(String type, String queue, String id, long handlerMillis, Duration retention) {
    return Task.builder(type).payload("ms=" + handlerMillis)
        .options(TaskOptions.builder().queue(queue).taskId(id).retention(retention).build()).build();
  }

  /** The id of task {@code n} of {@code queue}. */
  public static String id(String queue, int n) {
    return queue + "-" + n;
  }

  /** How long the handler of {@code task} works, from its payload. */
  public static long handlerMillis(Task task) {
    String p = task.payloadAsString();
    return p.startsWith("ms=") ? Long.parseLong(p.substring(3)) : 0;
  }
}
