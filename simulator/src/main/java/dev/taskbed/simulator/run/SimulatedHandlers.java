package dev.taskbed.simulator.run;

import dev.taskbed.Handler;
import dev.taskbed.NoHandlerException;
import dev.taskbed.Task;
import dev.taskbed.TaskCancelledException;
import dev.taskbed.TaskContext;
import dev.taskbed.env.Environment;
import dev.taskbed.simulator.config.TaskKind;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The handler of one worker process, simulated: an attempt sleeps for a latency drawn from its
 * task kind's distribution and then returns or throws as the kind's failure rate says. An ordinary
 * blocking {@link Handler}: it sleeps through its process's environment, which on virtual time
 * makes the sleep a virtual timer (a long handler costs nothing, and a stalled process holds its
 * handlers too) and in real time a sleep on a handler thread of the process.
 *
 * <p>Each attempt's fate (latency, failure) is drawn from a random seeded by (run seed, task id,
 * claim sequence), not from a shared stream, so it does not depend on which worker runs it or on
 * the order of unrelated events. A cancelled attempt (timeout, lease lost, shutdown) interrupts the
 * sleep and returns at once, as a well-behaved handler does.
 */
final class SimulatedHandlers implements Handler {
  private final Map<String, TaskKind> kindsByType;
  private final Environment env;
  private final long seed;

  SimulatedHandlers(Map<String, TaskKind> kindsByType, Environment env, long seed) {
    this.kindsByType = kindsByType;
    this.env = env;
    this.seed = seed;
  }

  @Override
  public void handle(TaskContext ctx, Task task) throws Exception {
    TaskKind kind = kindsByType.get(task.type());
    if (kind == null) {
      throw new NoHandlerException(task.type());
    }
    SplittableRandom fate = new SplittableRandom(seed ^ mix(ctx.taskId().hashCode()) ^ mix(31 * ctx.claimSequence() + 7));
    long latency = kind.latency().sampleMillis(fate);
    boolean fails = fate.nextDouble() < kind.failureRate();
    try {
      env.sleep(Duration.ofMillis(latency));
    } catch (InterruptedException e) {
      if (ctx.cancelReason().isEmpty()) {
        throw e;
      }
      throw new TaskCancelledException(ctx.cancelReason().get());
    }
    if (fails) {
      throw new SimulatedFailure(task.type());
    }
  }

  /** A 64-bit finaliser (SplitMix64's) so nearby inputs give unrelated seeds. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
