package dev.taskbed.internal;

import dev.taskbed.CancelReason;
import dev.taskbed.Handler;
import dev.taskbed.TaskCancelledException;
import dev.taskbed.Task;
import dev.taskbed.event.LoggingConfig;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.MDC;

/** Runs a synchronous {@link Handler} on an executor, binding the thread for interrupts. */
public final class ExecutorInvoker implements TaskInvoker {
  private final Handler handler;
  private volatile Executor executor;

  public ExecutorInvoker(Handler handler) {
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  /** Set by the engine before the first task. */
  void useExecutor(Executor executor) {
    this.executor = executor;
  }

  /** @throws java.util.concurrent.RejectedExecutionException when the executor refuses the handler (the engine requeues the task) */
  @Override
  public CompletionStage<Void> invoke(AttemptContext ctx, Task task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    executor.execute(() -> run(ctx, task, done));
    return done;
  }

  private void run(AttemptContext ctx, Task task, CompletableFuture<Void> done) {
    Thread self = Thread.currentThread();
    if (!ctx.begin(self)) {
      done.completeExceptionally(new TaskCancelledException(ctx.cancelReason().orElse(CancelReason.LEASE_LOST)));
      return;
    }
    Throwable failure = null;
    // The task's identity in the MDC, so the handler's own log lines carry it. The MDC is
    // thread-local, so this works the same on pooled, virtual or user-supplied threads; it is
    // removed afterwards so the thread's next task (or other work) does not inherit it.
    MDC.put(LoggingConfig.MDC_TASK_ID, ctx.taskId());
    MDC.put(LoggingConfig.MDC_QUEUE, ctx.queue());
    MDC.put(LoggingConfig.MDC_TYPE, task.type());
    MDC.put(LoggingConfig.MDC_ATTEMPT, Integer.toString(ctx.retryCount() + 1));
    try {
      handler.handle(ctx, task);
    } catch (Throwable t) {
      failure = t;
    } finally {
      MDC.remove(LoggingConfig.MDC_TASK_ID);
      MDC.remove(LoggingConfig.MDC_QUEUE);
      MDC.remove(LoggingConfig.MDC_TYPE);
      MDC.remove(LoggingConfig.MDC_ATTEMPT);
      ctx.unbind();
      // Clear an interrupt meant for this attempt so it cannot hit the thread's next task.
      Thread.interrupted();
    }
    if (failure == null) {
      done.complete(null);
    } else {
      done.completeExceptionally(failure);
      if (failure instanceof VirtualMachineError fatal) {
        throw fatal;
      }
    }
  }
}
