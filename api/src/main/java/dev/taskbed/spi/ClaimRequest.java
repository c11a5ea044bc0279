package dev.taskbed.spi;

import java.util.List;
import java.util.Objects;

/**
 * Claim up to {@code maxTasks} tasks from {@code queues}, in that order.
 *
 * @param requestId identifies this request; a resend with the same id and {@code replay} set
 *     returns the leases granted to it before claiming more (so a lost reply strands nothing)
 * @param queues queues to claim from, filled strictly in this order; the caller decides the order
 *     (strict priority or a weighted draw from its seeded random); a queue named twice counts once
 * @param maxTasks at most this many leases, {@code >= 1}; only a replay may return more, when more
 *     were granted under the request id before
 * @param leaseMillis lease duration, {@code > 0}
 * @param replay {@code true} when this request id was sent before and its reply was not received
 *     (lost, timed out, failed): the broker then first returns every live lease remembered under
 *     {@code requestId} in <em>any</em> listed queue, whatever order the queues are listed in and
 *     whatever arrived in them since, before it claims anything new (see {@link Broker#claim})
 */
public record ClaimRequest(String requestId, List<String> queues, int maxTasks, long leaseMillis, boolean replay) {
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

  /** A first attempt: {@code replay} is {@code false}. */
  public ClaimRequest(String requestId, List<String> queues, int maxTasks, long leaseMillis) {
    this(requestId, queues, maxTasks, leaseMillis, false);
  }

  /** The same request, marked as a resend of a request whose reply was not received. */
  public ClaimRequest asReplay() {
    return new ClaimRequest(requestId, queues, maxTasks, leaseMillis, true);
  }
}
