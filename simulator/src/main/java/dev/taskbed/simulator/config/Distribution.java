package dev.taskbed.simulator.config;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * A distribution of durations (handler latencies, delays, retry backoffs), sampled from the
 * simulation's seeded random so a run replays exactly. Written in scenario files as {@code 150ms},
 * {@code uniform(50ms, 400ms)}, {@code exponential(200ms)} or {@code lognormal(120ms, 0.6)}.
 */
public sealed interface Distribution {

  /** One sample in whole milliseconds, never negative. */
  long sampleMillis(RandomGenerator random);

  /** The distribution as written in a scenario file; parses back to an equal distribution. */
  String spec();

  /** Always the same value. */
  record Constant(Duration value) implements Distribution {
    @Override
    public long sampleMillis(RandomGenerator random) {
      return value.toMillis();
    }

    @Override
    public String spec() {
      return Durations.format(value);
    }
  }

  /** Uniform between {@code min} and {@code max}, both included. */
  record Uniform(Duration min, Duration max) implements Distribution {
    @Override
    public long sampleMillis(RandomGenerator random) {
      return random.nextLong(min.toMillis(), max.toMillis() + 1);
    }

    @Override
    public String spec() {
      return "uniform(" + Durations.format(min) + ", " + Durations.format(max) + ")";
    }
  }

  /** Exponential with this mean: memoryless waits, e.g. Poisson inter-arrival times. */
  record Exponential(Duration mean) implements Distribution {
    @Override
    public long sampleMillis(RandomGenerator random) {
      return Math.round(mean.toMillis() * random.nextExponential());
    }

    @Override
    public String spec() {
      return "exponential(" + Durations.format(mean) + ")";
    }
  }

  /**
   * Log-normal with this median and shape {@code sigma}: the usual shape of service latencies,
   * most calls near the median and a long right tail ({@code sigma} 0.5 puts p99 at about 3.2x
   * the median).
   */
  record LogNormal(Duration median, double sigma) implements Distribution {
    @Override
    public long sampleMillis(RandomGenerator random) {
      return Math.round(median.toMillis() * Math.exp(sigma * random.nextGaussian()));
    }

    @Override
    public String spec() {
      return "lognormal(" + Durations.format(median) + ", " + sigma + ")";
    }
  }
}
