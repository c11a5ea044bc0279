package dev.taskbed.chaos.report;

/** A scenario's outcome against the guarantee it checks. */
public enum Verdict {
  /** The guarantee held (or, for a negative control, the checker caught the loss it must catch), and the fault was observed. */
  PASS,
  /** The guarantee was broken, the fault never fired, or the scenario could not run: fails the build. */
  FAIL,
  /**
   * The run could not show what it had to show (the failover's default mode lost nothing, even
   * after longer retries): fails the build too, since a scenario that never demonstrates anything
   * proves nothing.
   */
  INCONCLUSIVE
}
