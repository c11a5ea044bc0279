package dev.taskbed.simulator.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a run lasts.
 *
 * @param duration how long producers produce (virtual time in deterministic mode)
 * @param maxTasks producers stop after this many enqueue attempts in total; 0 for no limit
 * @param drainTimeout after producers stop and faults heal, how long workers get to finish
 * @param sampleInterval how often queue depths and throughput are sampled for the figures
 */
public record RunSpec(Duration duration, long maxTasks, Duration drainTimeout, Duration sampleInterval) {
  public RunSpec {
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    Objects.requireNonNull(sampleInterval, "sampleInterval");
  }
}
