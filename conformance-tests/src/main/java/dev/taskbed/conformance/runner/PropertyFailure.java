package dev.taskbed.conformance.runner;

import java.nio.file.Path;
import java.util.List;

/**
 * A generated property that failed, after shrinking.
 *
 * @param property which property (e.g. "generated sequences, workload MIXED")
 * @param seed the seed that generated the failing case; {@code -Dtaskbed.seed=} replays it
 * @param originalLength steps in the failing case as generated
 * @param minimalSteps the shrunk case, one resolved step per element, as it ran
 * @param failure what went wrong, in one paragraph
 * @param shrinkRuns re-runs spent shrinking
 * @param report the full printable report (also written to {@code reportFile})
 * @param reportFile where the report was written, or null if it could not be
 */
public record PropertyFailure(
    String property,
    long seed,
    int originalLength,
    List<String> minimalSteps,
    String failure,
    int shrinkRuns,
    String report,
    Path reportFile) {

  public PropertyFailure {
    minimalSteps = List.copyOf(minimalSteps);
  }

  /** Number of steps in the shrunk case. */
  public int minimalLength() {
    return minimalSteps.size();
  }
}
