package dev.taskbed.simulator.run;

import dev.taskbed.NoHandlerException;
import dev.taskbed.Task;
import dev.taskbed.TaskCancelledException;
import dev.taskbed.env.Cancellable;
import dev.taskbed.env.Environment;
import dev.taskbed.internal.AttemptContext;
import dev.taskbed.internal.TaskInvoker;
import dev.taskbed.simulator.config.TaskKind;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The handlers of one worker process, simulated: an attempt takes a latency drawn from its task
 * kind's distribution and then returns or throws as the kind's failure rate says. Nothing blocks:
 * the end of an attempt is an event on the process's environment, so on virtual time a long
 * handler costs nothing and a stalled process holds its handlers' completions too.
 *
 * <p>Each attempt's fate (latency, failure) is drawn from a random seeded by (run seed, task id,
 * claim sequence), not from a shared stream, so it does not depend on which worker runs it or on
 * the order of unrelated events. A cancelled attempt (timeout, lease lost, shutdown) returns at
 * once, as a well-behaved handler does.
 */
final class SimulatedHandlers implements TaskInvoker {
  private final Map<String, TaskKind> kindsByType;
  private final Environment env;
  private final long seed;

  SimulatedHandlers(Map<String, TaskKind> kindsByType, Environment env, long seed) {
    this.kindsByType = kindsByType;
    this.env = env;
    this.seed = seed;
  }

  @Override
  public CompletionStage<Void> invoke(AttemptContext ctx, Task task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    TaskKind kind = kindsByType.get(task.type());
    if (kind == null) {
      done.completeExceptionally(new NoHandlerException(task.type()));
      return done;
    }
    SplittableRandom fate = new SplittableRandom(seed ^ mix(ctx.taskId().hashCode()) ^ mix(31 * ctx.claimSequence() + 7));
    long latency = kind.latency().sampleMillis(fate);
    boolean fails = fate.nextDouble() < kind.failureRate();
    Cancellable finish = env.schedule(Duration.ofMillis(latency), () -> {
      if (fails) {
        done.completeExceptionally(new SimulatedFailure(task.type()));
      } else {
        done.complete(null);
      }
    });
    ctx.onCancel(() -> {
      finish.cancel();
      env.execute(() -> done.completeExceptionally(
          new TaskCancelledException(ctx.cancelReason().orElseThrow())));
    });
    return done;
  }

  /** A 64-bit finaliser (SplitMix64's) so nearby inputs give unrelated seeds. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
