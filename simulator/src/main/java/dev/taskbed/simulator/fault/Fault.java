package dev.taskbed.simulator.fault;

/**
 * Something done to a run for a while from outside the system under test: a worker process
 * crashed or frozen, a queue paused, a network path cut or degraded, a Redis server killed. It is
 * put in force with {@link #begin()} and healed with {@link #heal()}, by a configured scenario's
 * fault schedule or by a scripted scenario ({@code ScenarioRun.inject}).
 *
 * <p>Adding a fault to the harness means writing one of these (the harness's own are made by
 * {@link Faults}); naming it in {@code FaultKind} makes it usable from scenario files as well.
 * Not thread-safe: one window of a fault is begun and healed by one caller.
 */
public interface Fault {

  /** Puts the fault in force and says what it did. A fault that did not take effect is not healed. */
  Injection begin();

  /** Ends the fault; says what healing did. Called once, after a {@link #begin} that took effect. */
  String heal();

  /**
   * What beginning a fault did.
   *
   * @param fired whether it took effect (a crash of a worker that is already down does not)
   * @param observed what it did, e.g. {@code "killed holding 4 task(s)"}
   */
  record Injection(boolean fired, String observed) {
    public static Injection fired(String observed) {
      return new Injection(true, observed);
    }

    public static Injection missed(String why) {
      return new Injection(false, why);
    }
  }
}
