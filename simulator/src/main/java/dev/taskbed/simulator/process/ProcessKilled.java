package dev.taskbed.simulator.process;

/**
 * Thrown in a killed process's threads (a handler asleep when the process died) so that they
 * unwind. An {@link Error} on purpose: handlers catch exceptions, and nothing should catch this.
 */
final class ProcessKilled extends Error {
  private static final long serialVersionUID = 1L;

  ProcessKilled(String process) {
    super("process " + process + " was killed", null, false, false);
  }
}
