package dev.taskbed.simulator.metrics;

/**
 * Percentiles of one latency histogram, in milliseconds.
 *
 * @param name what was measured, e.g. {@code "enqueue→start"}
 * @param count how many values were recorded
 */
public record LatencySummary(String name, long count, long p50, long p90, long p99, long p999, long max, double mean) {}
