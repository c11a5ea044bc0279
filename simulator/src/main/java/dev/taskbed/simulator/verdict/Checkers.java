package dev.taskbed.simulator.verdict;

/** Chooses the history checker for a run. */
public final class Checkers {
  /**
   * Clock tolerance for real-time runs: the broker judges time on Redis's clock, the recorder on
   * the simulator's; on one host they differ by well under this.
   */
  public static final long REAL_TIME_CLOCK_TOLERANCE_MILLIS = 250;

  private Checkers() {}

  /** A fresh checker for one run; {@code virtualTime} when broker and recorder share one clock. */
  public static GuaranteeChecker forRun(boolean virtualTime) {
    return new ConformanceHistoryChecker(virtualTime ? 0 : REAL_TIME_CLOCK_TOLERANCE_MILLIS);
  }
}
