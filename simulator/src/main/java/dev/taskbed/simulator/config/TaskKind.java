package dev.taskbed.simulator.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One kind of task in a workload and how its simulated handler behaves.
 *
 * @param name the kind's name in the scenario ({@code task.<name>.*})
 * @param type the task type handlers are routed by, e.g. {@code email:welcome}
 * @param queue the queue it is enqueued to
 * @param latency how long one attempt of the handler takes
 * @param failureRate probability that an attempt throws, {@code [0, 1]}
 * @param maxRetry retries after the first attempt
 * @param timeout per-attempt timeout; a latency beyond it is a timeout failure
 * @param delay how far ahead a delayed task is scheduled ({@code processIn})
 * @param delayedFraction fraction of tasks of this kind enqueued with {@code delay}, {@code [0, 1]}
 * @param uniqueFor uniqueness window; zero for none
 * @param uniqueKeys payloads drawn from this many distinct keys, so duplicates occur; 0 makes every payload distinct
 * @param payloadBytes payload size
 */
public record TaskKind(
    String name,
    String type,
    String queue,
    Distribution latency,
    double failureRate,
    int maxRetry,
    Duration timeout,
    Distribution delay,
    double delayedFraction,
    Duration uniqueFor,
    int uniqueKeys,
    int payloadBytes) {

  public TaskKind {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(delay, "delay");
    Objects.requireNonNull(uniqueFor, "uniqueFor");
  }

  public boolean unique() {
    return !uniqueFor.isZero();
  }
}
