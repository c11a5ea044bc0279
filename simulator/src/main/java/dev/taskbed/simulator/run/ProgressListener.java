package dev.taskbed.simulator.run;

/** Told how far a run has got, after every sample; must be cheap. */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener NONE = (phase, elapsedMillis, plannedMillis, completed) -> {};

  /**
   * @param phase {@code producing}, {@code draining}, {@code shutting down}, then {@code judging} once
   * @param elapsedMillis run time so far (virtual in deterministic mode)
   * @param plannedMillis run time until producers stop and faults heal
   * @param completed tasks completed so far
   */
  void update(String phase, long elapsedMillis, long plannedMillis, long completed);
}
