package dev.taskbed.conformance.runner;

import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of running one generated property.
 *
 * @param property which property
 * @param cases sequences or concurrent runs executed
 * @param operations broker operations executed on the backend under test (steps that called it,
 *     not counting the admin reads the checks make)
 * @param elapsed wall time, shrinking included
 * @param failure the shrunk failure, if any
 */
public record PropertyResult(String property, int cases, long operations, Duration elapsed, Optional<PropertyFailure> failure) {

  public boolean passed() {
    return failure.isEmpty();
  }

  /** One line for logs. */
  public String summary() {
    return property + ": " + (passed() ? "passed" : "FAILED") + ", " + cases + " cases, " + operations + " operations in "
        + elapsed.toMillis() + " ms";
  }
}
