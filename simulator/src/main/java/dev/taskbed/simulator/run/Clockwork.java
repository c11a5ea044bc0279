package dev.taskbed.simulator.run;

import dev.taskbed.env.Environment;
import dev.taskbed.env.VirtualEnvironment;
import java.time.Duration;

/**
 * How time passes in a run. The driver of a run only ever says "let time pass until t"; in
 * deterministic mode that runs every event due on the way on the calling thread, in real-time
 * mode it sleeps while the system environment's threads do the work.
 */
public interface Clockwork {

  /** The environment producers, workers and faults run on. */
  Environment environment();

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

  /** Wall-clock time on the system environment, for backends that keep their own time (Redis). */
  static Clockwork realTime() {
    Environment env = Environment.system();
    return new Clockwork() {
      @Override
      public Environment environment() {
        return env;
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
