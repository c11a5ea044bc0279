package dev.taskbed.simulator.verdict;

/** What the history check must say for a run to pass. */
public enum Expectation {
  /** No anomaly of any kind. */
  NO_ANOMALY("no anomaly"),
  /** The checker reports lost acknowledged tasks (a negative control). */
  LOSS_REPORTED("checker reports loss"),
  /** The checker reports loss, else the run is inconclusive (a failover without {@code WAIT}). */
  LOSS_SHOWN("loss shown (else inconclusive)");

  private final String text;

  Expectation(String text) {
    this.text = text;
  }

  /** How reports state it. */
  public String text() {
    return text;
  }
}
