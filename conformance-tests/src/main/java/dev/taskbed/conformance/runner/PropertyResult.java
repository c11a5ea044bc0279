package dev.taskbed.conformance.runner;

import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of running one generated property.
 *
 * @param property which property
 * @param cases sequences or concurrent runs executed
 * @param operations broker and admin operations the steps executed on the backend under test
 * @param checkReads admin reads the checks made on top (snapshots after every step)
 * @param elapsed wall time, shrinking included
 * @param failure the shrunk failure, if any
 */
public record PropertyResult(String property, int cases, long operations, long checkReads, Duration elapsed,
    Optional<PropertyFailure> failure) {

  public boolean passed() {
    return failure.isEmpty();
  }

  /** One line for logs. */
  public String summary() {
    return property + ": " + (passed() ? "passed" : "FAILED") + ", " + cases + " cases, " + operations + " operations"
        + (checkReads > 0 ? " + " + checkReads + " admin reads for checks" : "") + " in " + elapsed.toMillis() + " ms";
  }
}
