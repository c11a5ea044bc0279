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
  /** An ack the backend refused as LEASE_LOST is reported OK: a zombie worker's stale write is accepted. */
  ACCEPT_STALE_ACK("accept-stale-ack");

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
