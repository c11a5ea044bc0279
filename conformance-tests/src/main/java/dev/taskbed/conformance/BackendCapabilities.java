package dev.taskbed.conformance;

/**
 * What a backend declares about itself, so the kit runs what applies and skips (visibly, with the
 * reason) what cannot apply. Capabilities select tests; they never loosen an assertion.
 *
 * @param virtualTime the broker reads the injected {@link dev.taskbed.env.ManualClock}, so the kit
 *     can compare it with the reference model step by step and test time exactly. True for the
 *     in-memory backend and for Redis backends in client-clock mode.
 * @param clockToleranceMillis for brokers on their own clock (virtualTime false): the bound on the
 *     skew between that clock and the test's, used by the history checker. 0 on virtual time.
 */
public record BackendCapabilities(boolean virtualTime, long clockToleranceMillis) {
  public BackendCapabilities {
    if (clockToleranceMillis < 0) {
      throw new IllegalArgumentException("clockToleranceMillis must be >= 0: " + clockToleranceMillis);
    }
    if (virtualTime && clockToleranceMillis != 0) {
      throw new IllegalArgumentException("a broker on virtual time shares the test's clock: tolerance must be 0");
    }
  }

  /** A broker on the injected virtual clock: every test applies. */
  public static BackendCapabilities onVirtualTime() {
    return new BackendCapabilities(true, 0);
  }

  /**
   * A broker on its own real clock (e.g. Redis {@code TIME}): model comparison and exact timing
   * tests are skipped; the concurrency properties run with the given clock tolerance.
   */
  public static BackendCapabilities onRealTime(long clockToleranceMillis) {
    return new BackendCapabilities(false, clockToleranceMillis);
  }
}
