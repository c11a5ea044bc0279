package dev.taskbed.simulator.backend;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A bug planted on purpose in front of a backend, as a negative control: a run with a defect must
 * end with a failing verdict, or the checker is not doing its job.
 */
public enum BrokerDefect {
  /** Every 500th enqueue is answered CREATED but never reaches the backend: an acknowledged task is lost. */
  LOSE_ACKED_ENQUEUE("lose-acked-enqueue"),
  /**
   * Every 500th claim that grants a lease also hands out a lease an earlier claim still holds, as a
   * non-atomic claim would: one attempt runs on two workers.
   */
  DUPLICATE_DELIVERY("duplicate-delivery"),
  /**
   * The backend's lease clock runs four times fast: a lease ends after a quarter of the time the
   * backend reports, so an attempt is recovered and handed to a second worker while the first still
   * holds the lease it was promised.
   */
  FAST_LEASE_CLOCK("fast-lease-clock");

  private final String spec;

  BrokerDefect(String spec) {
    this.spec = spec;
  }

  public String spec() {
    return spec;
  }

  /** The defect written as {@code text}; rejects an unknown one listing the known ones. */
  public static BrokerDefect parse(String text) {
    return Arrays.stream(values()).filter(d -> d.spec.equals(text)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown defect \"" + text + "\"; choose one of "
            + Arrays.stream(values()).map(BrokerDefect::spec).collect(Collectors.joining(", "))));
  }
}
