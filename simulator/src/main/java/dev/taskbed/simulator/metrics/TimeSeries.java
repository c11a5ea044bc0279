package dev.taskbed.simulator.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values sampled at fixed offsets from the start of a run: one column of sample times (ms since
 * the start) and named series of the same length, kept in the order they were first added.
 * Not thread-safe; the run's driver samples from one thread.
 */
public final class TimeSeries {
  private final List<Long> offsets = new ArrayList<>();
  private final Map<String, List<Long>> series = new LinkedHashMap<>();

  /** Starts a new sample at {@code offsetMillis}; set each series' value with {@link #put}. */
  public void newSample(long offsetMillis) {
    offsets.add(offsetMillis);
  }

  /** Sets {@code name}'s value in the current sample; a series added late is back-filled with zeros. */
  public void put(String name, long value) {
    List<Long> values = series.computeIfAbsent(name, n -> new ArrayList<>());
    while (values.size() < offsets.size() - 1) {
      values.add(0L);
    }
    values.add(value);
  }

  public List<Long> offsets() {
    return Collections.unmodifiableList(offsets);
  }

  /** Every series, padded with zeros to the number of samples. */
  public Map<String, List<Long>> series() {
    Map<String, List<Long>> out = new LinkedHashMap<>();
    series.forEach((name, values) -> {
      List<Long> padded = new ArrayList<>(values);
      while (padded.size() < offsets.size()) {
        padded.add(0L);
      }
      out.put(name, Collections.unmodifiableList(padded));
    });
    return Collections.unmodifiableMap(out);
  }
}
