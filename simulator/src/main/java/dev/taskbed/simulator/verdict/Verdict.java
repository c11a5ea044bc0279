package dev.taskbed.simulator.verdict;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The history checker's judgement of one run.
 *
 * @param checker which checker judged, e.g. {@code "conformance history checker"}
 * @param status PASS, FAIL, or NOT_CHECKED when no checker was available
 * @param counts what the checker counted, in its order (lost, duplicated, stale writes accepted,
 *     early deliveries, retries, archived ...)
 * @param anomalies one line per broken guarantee, with enough detail (task ids) to look it up;
 *     empty on PASS
 */
public record Verdict(String checker, Status status, Map<String, Long> counts, List<String> anomalies) {

  /** How a run was judged. */
  public enum Status {
    /** Every guarantee held. */
    PASS,
    /** At least one guarantee was broken: the command exits non-zero. */
    FAIL,
    /** Nothing judged the history; the run says so instead of passing. */
    NOT_CHECKED
  }

  public Verdict {
    Objects.requireNonNull(checker, "checker");
    Objects.requireNonNull(status, "status");
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    anomalies = List.copyOf(anomalies);
  }

  public boolean failed() {
    return status == Status.FAIL;
  }
}
