package dev.taskbed.simulator.run;

import dev.taskbed.env.Environment;
import dev.taskbed.env.VirtualEnvironment;
import dev.taskbed.simulator.process.ProcessEnvironment;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * How time passes in a run. The driver of a run only ever says "let time pass until t"; in
 * deterministic mode that runs every event due on the way on the calling thread, in real-time
 * mode it sleeps while the processes' threads do the work.
 */
public interface Clockwork {

  /** The run's own environment: the fault schedule and the recorder's clock. */
  Environment environment();

  /** The environment of one process of the run (a worker incarnation, a producer). */
  ProcessEnvironment process(String name);

  /** Whether this is the deterministic, virtual-time mode. */
  boolean isVirtual();

  /** Lets time pass until the environment's clock reads {@code epochMillis}. */
  void advanceTo(long epochMillis) throws InterruptedException;

  /** Virtual time on a seeded {@link VirtualEnvironment}: a simulated day takes seconds. */
  static Clockwork virtual(long seed) {
    VirtualEnvironment env = new VirtualEnvironment(seed);
    return new Clockwork() {
      @Override
      public Environment environment() {
        return env;
      }

      @Override
      public ProcessEnvironment process(String name) {
        return ProcessEnvironment.inVirtualTime(name, env);
      }

      @Override
      public boolean isVirtual() {
        return true;
      }

      @Override
      public void advanceTo(long epochMillis) {
        long now = env.clock().millis();
        if (epochMillis > now) {
          env.advance(Duration.ofMillis(epochMillis - now));
        } else {
          env.runDue();
        }
      }
    };
  }

  /**
   * Wall-clock time, for backends that keep their own time (Redis): each process on threads of its
   * own, its random seeded from {@code seed}.
   */
  static Clockwork realTime(long seed) {
    Environment env = Environment.system();
    SplittableRandom seeds = new SplittableRandom(seed);
    return new Clockwork() {
      @Override
      public Environment environment() {
        return env;
      }

      @Override
      public synchronized ProcessEnvironment process(String name) {
        return ProcessEnvironment.inRealTime(name, Duration.ZERO, seeds.nextLong());
      }

      @Override
      public boolean isVirtual() {
        return false;
      }

      @Override
      public void advanceTo(long epochMillis) throws InterruptedException {
        long wait;
        while ((wait = epochMillis - env.clock().millis()) > 0) {
          Thread.sleep(Math.min(wait, 200));
        }
      }
    };
  }
}
