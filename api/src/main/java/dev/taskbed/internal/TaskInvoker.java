package dev.taskbed.internal;

import dev.taskbed.Task;
import java.util.concurrent.CompletionStage;

/**
 * Starts a handler for one attempt and reports when it finished. The worker engine depends only
 * on this, so the simulator can run handlers as virtual-time events while production runs them on
 * threads ({@link ExecutorInvoker}).
 */
public interface TaskInvoker {
  /**
   * Starts the attempt; the stage completes normally when the handler returned normally and
   * exceptionally with what it threw. Must not block. If this method throws instead (anything,
   * errors included), the attempt fails with what it threw, as if the handler had thrown it;
   * except a {@link java.util.concurrent.RejectedExecutionException}, which means the handler could
   * not be started: the task is given back untouched (requeued, no attempt counted).
   */
  CompletionStage<Void> invoke(AttemptContext ctx, Task task);
}
