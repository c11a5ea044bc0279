package dev.taskbed.spi;

import java.util.List;
import java.util.Objects;

/**
 * Claim up to {@code maxTasks} tasks from {@code queues}, in that order.
 *
 * @param requestId identifies this request; repeating it while its leases are live returns the
 *     same leases instead of claiming more (so a lost reply strands nothing)
 * @param queues queues to claim from, filled strictly in this order; the caller decides the order
 *     (strict priority or a weighted draw from its seeded random); a queue named twice counts once
 * @param maxTasks at most this many leases, {@code >= 1}
 * @param leaseMillis lease duration, {@code > 0}
 */
public record ClaimRequest(String requestId, List<String> queues, int maxTasks, long leaseMillis) {
  public ClaimRequest {
    Objects.requireNonNull(requestId, "requestId");
    queues = List.copyOf(queues);
    if (maxTasks < 1) {
      throw new IllegalArgumentException("maxTasks must be >= 1: " + maxTasks);
    }
    if (leaseMillis <= 0) {
      throw new IllegalArgumentException("leaseMillis must be > 0: " + leaseMillis);
    }
  }
}
