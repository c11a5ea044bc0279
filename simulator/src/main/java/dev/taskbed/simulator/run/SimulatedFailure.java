package dev.taskbed.simulator.run;

/** What a simulated handler throws when its scenario's failure rate says the attempt fails. */
final class SimulatedFailure extends Exception {
  private static final long serialVersionUID = 1L;

  SimulatedFailure(String type) {
    super("simulated failure of " + type);
  }

  /** No stack trace: failures are routine in a simulation and are only counted. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
