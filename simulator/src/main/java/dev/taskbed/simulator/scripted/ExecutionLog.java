package dev.taskbed.simulator.scripted;

import dev.taskbed.CancelReason;
import dev.taskbed.Handler;
import dev.taskbed.TaskContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every handler run of a scenario, as the handlers saw it: which worker ran which attempt when, how
 * it ended, and the worker's clock as the runtime showed it to the handler. The history says what
 * the broker agreed to; this says what was actually executed (duplicate and overlapping runs, the
 * zombie's cancelled handler, the skewed clocks). Thread-safe.
 */
public final class ExecutionLog {

  /**
   * One handler run.
   *
   * @param taskId the task
   * @param worker the worker that ran it
   * @param claimSequence the claim it ran under
   * @param startNanos {@code System.nanoTime()} when the handler started
   * @param endNanos {@code System.nanoTime()} when it returned or threw
   * @param outcome {@code returned}, or {@code cancelled:<reason>}, {@code interrupted}, {@code failed}
   * @param workerClockOffsetMillis the worker's wall clock minus the real one, as seen through the
   *     attempt's deadline (deadline − remaining − real now)
   */
  public record Execution(String taskId, String worker, long claimSequence, long startNanos, long endNanos,
      String outcome, long workerClockOffsetMillis) {

    public boolean returned() {
      return outcome.equals("returned");
    }

    /** Whether this run and {@code other} (of the same task) were running at the same time. */
    public boolean overlaps(Execution other) {
      return startNanos < other.endNanos && other.startNanos < endNanos;
    }
  }

  private final List<Execution> executions = new ArrayList<>();
  private final List<String> started = new ArrayList<>();

  /**
   * The handler workers run: {@link ScenarioTasks#WORK} tasks sleep for their payload's time;
   * {@link ScenarioTasks#HOLD} tasks block until cancelled on a worker that {@code holds}, and take
   * 20 ms elsewhere; every run stops early when cancelled.
   */
  public Handler handler(String worker, boolean holds) {
    return (ctx, task) -> {
      long start = System.nanoTime();
      synchronized (started) {
        started.add(worker + " " + ctx.taskId());
      }
      long offset = ctx.deadline().toEpochMilli() - ctx.remaining().toMillis() - System.currentTimeMillis();
      String outcome = "failed";
      try {
        boolean hold = ScenarioTasks.HOLD.equals(task.type());
        long until = start + (hold && holds ? ScenarioTasks.HOLD_LIMIT.toNanos()
            : hold ? 20_000_000L : ScenarioTasks.handlerMillis(task) * 1_000_000L);
        while (System.nanoTime() < until && !ctx.isCancelled()) {
          Thread.sleep(Math.max(1, Math.min(10, (until - System.nanoTime()) / 1_000_000L)));
        }
        outcome = ctx.isCancelled() ? "cancelled:" + reason(ctx) : "returned";
        ctx.throwIfCancelled();
      } catch (InterruptedException e) {
        outcome = ctx.isCancelled() ? "cancelled:" + reason(ctx) : "interrupted";
        throw e;
      } finally {
        record(new Execution(ctx.taskId(), worker, ctx.claimSequence(), start, System.nanoTime(), outcome, offset));
      }
    };
  }

  private static String reason(TaskContext ctx) {
    return ctx.cancelReason().map(CancelReason::name).orElse("?");
  }

  public void record(Execution e) {
    synchronized (executions) {
      executions.add(e);
    }
  }

  /** Ids of the tasks whose handler {@code worker} has started (running or ended). */
  public List<String> startedBy(String worker) {
    synchronized (started) {
      return started.stream().filter(s -> s.startsWith(worker + " ")).map(s -> s.substring(worker.length() + 1)).toList();
    }
  }

  public List<Execution> all() {
    synchronized (executions) {
      return List.copyOf(executions);
    }
  }

  /** Runs per task id. */
  public Map<String, List<Execution>> byTask() {
    Map<String, List<Execution>> m = new HashMap<>();
    for (Execution e : all()) {
      m.computeIfAbsent(e.taskId(), k -> new ArrayList<>()).add(e);
    }
    return m;
  }

  /** Tasks whose handler returned normally more than once (each such run may have been acked). */
  public List<String> completedMoreThanOnce() {
    List<String> out = new ArrayList<>();
    byTask().forEach((id, runs) -> {
      if (runs.stream().filter(Execution::returned).count() > 1) {
        out.add(id);
      }
    });
    out.sort(null);
    return out;
  }

  /** Tasks with two runs at the same time. */
  public List<String> overlapping() {
    List<String> out = new ArrayList<>();
    byTask().forEach((id, runs) -> {
      for (int i = 0; i < runs.size(); i++) {
        for (int j = i + 1; j < runs.size(); j++) {
          if (runs.get(i).overlaps(runs.get(j))) {
            out.add(id);
            return;
          }
        }
      }
    });
    out.sort(null);
    return out;
  }
}
