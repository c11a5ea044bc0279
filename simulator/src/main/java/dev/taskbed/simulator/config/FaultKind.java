package dev.taskbed.simulator.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What a scheduled fault does while it is in effect. */
public enum FaultKind {
  /** The target worker process dies at once ({@code kill -9}) and a new one starts when the fault ends. */
  CRASH("crash", Target.WORKER),
  /**
   * The target worker stops making progress (a GC pause or SIGSTOP): no timers, heartbeats,
   * claims or handler completions until the fault ends, then everything it held runs late.
   * Longer than the lease, it makes the broker recover the worker's tasks behind its back.
   */
  STALL("stall", Target.WORKER),
  /** The target queue is paused (claims skip it) and unpaused when the fault ends. */
  PAUSE_QUEUE("pause-queue", Target.QUEUE),
  /** Every connection to Redis through Toxiproxy is cut until the fault ends (Redis modes only). */
  PROXY_DOWN("proxy-down", Target.NONE),
  /** Toxiproxy adds latency to every Redis reply until the fault ends (Redis modes only). */
  PROXY_LATENCY("proxy-latency", Target.NONE);

  /** What the {@code target} of a fault names. */
  public enum Target { WORKER, QUEUE, NONE }

  private final String spec;
  private final Target target;

  FaultKind(String spec, Target target) {
    this.spec = spec;
    this.target = target;
  }

  /** The name scenario files use. */
  public String spec() {
    return spec;
  }

  public Target target() {
    return target;
  }

  /** Whether this fault acts on the network between workers and Redis. */
  public boolean needsProxy() {
    return this == PROXY_DOWN || this == PROXY_LATENCY;
  }

  static FaultKind parseOrNull(String text) {
    for (FaultKind k : values()) {
      if (k.spec.equals(text)) {
        return k;
      }
    }
    return null;
  }

  static String choices() {
    return Arrays.stream(values()).map(FaultKind::spec).collect(Collectors.joining(", "));
  }
}
