package dev.taskbed.runtime;

import dev.taskbed.Task;
import dev.taskbed.env.VirtualEnvironment;
import dev.taskbed.internal.AttemptContext;
import dev.taskbed.internal.TaskInvoker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * Runs "handlers" as virtual-time events: each task type has a script saying how long an attempt
 * takes, how it ends and whether it honours cancellation. Records every attempt.
 */
final class ScriptedInvoker implements TaskInvoker {
  /** What one attempt does. */
  record Step(Duration takes, Throwable error, boolean honoursCancel) {
    static Step succeedAfter(Duration d) {
      return new Step(d, null, true);
    }

    static Step failAfter(Duration d, Throwable error) {
      return new Step(d, error, true);
    }

    /** Runs until cancelled, then stops at once with an InterruptedException. */
    static Step runUntilCancelled() {
      return new Step(null, null, true);
    }

    /** Runs for {@code d} whatever happens, then returns normally. */
    static Step ignoreCancellationFor(Duration d) {
      return new Step(d, null, false);
    }
  }

  /** One recorded attempt. */
  static final class Attempt {
    final String taskId;
    final String type;
    final long startedAt;
    final long claimSequence;
    final AttemptContext ctx;
    Long endedAt;
    String endedHow;

    Attempt(String taskId, String type, long startedAt, long claimSequence, AttemptContext ctx) {
      this.taskId = taskId;
      this.type = type;
      this.startedAt = startedAt;
      this.claimSequence = claimSequence;
      this.ctx = ctx;
    }

    @Override
    public String toString() {
      return taskId + "#" + claimSequence + "@" + startedAt + ".." + endedAt + " " + endedHow;
    }
  }

  private final VirtualEnvironment env;
  private final Map<String, BiFunction<AttemptContext, Integer, Step>> scripts = new HashMap<>();
  final List<Attempt> attempts = new ArrayList<>();
  int running;
  int maxRunning;

  ScriptedInvoker(VirtualEnvironment env) {
    this.env = env;
  }

  /** Every attempt of {@code type} does {@code step}. */
  ScriptedInvoker on(String type, Step step) {
    scripts.put(type, (ctx, n) -> step);
    return this;
  }

  /** Attempt number {@code n} (1-based, per task) of {@code type} does what {@code script} says. */
  ScriptedInvoker on(String type, BiFunction<AttemptContext, Integer, Step> script) {
    scripts.put(type, script);
    return this;
  }

  List<Attempt> attemptsOf(String taskId) {
    return attempts.stream().filter(a -> a.taskId.equals(taskId)).toList();
  }

  @Override
  public CompletionStage<Void> invoke(AttemptContext ctx, Task task) {
    int n = (int) attempts.stream().filter(a -> a.taskId.equals(ctx.taskId())).count() + 1;
    Attempt record = new Attempt(ctx.taskId(), task.type(), env.clock().millis(), ctx.claimSequence(), ctx);
    attempts.add(record);
    BiFunction<AttemptContext, Integer, Step> script = scripts.get(task.type());
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (script == null) {
      done.completeExceptionally(new dev.taskbed.NoHandlerException(task.type()));
      record.endedAt = record.startedAt;
      record.endedHow = "no handler";
      return done;
    }
    Step step = script.apply(ctx, n);
    running++;
    maxRunning = Math.max(maxRunning, running);
    Runnable finish = () -> {
      if (done.isDone()) {
        return;
      }
      running--;
      record.endedAt = env.clock().millis();
      if (step.error() == null) {
        record.endedHow = "returned";
        done.complete(null);
      } else {
        record.endedHow = "threw " + step.error().getClass().getSimpleName();
        done.completeExceptionally(step.error());
      }
    };
    if (step.honoursCancel()) {
      ctx.onCancel(() -> env.execute(() -> {
        if (!done.isDone()) {
          running--;
          record.endedAt = env.clock().millis();
          record.endedHow = "cancelled " + ctx.cancelReason().orElseThrow();
          done.completeExceptionally(new InterruptedException("cancelled"));
        }
      }));
    }
    if (step.takes() != null) {
      env.schedule(step.takes(), finish);
    }
    return done;
  }
}
