package dev.taskbed.conformance.contracts;

import dev.taskbed.conformance.concurrent.ConcurrencyProperty;
import org.junit.jupiter.api.Test;

/** Real threads racing on one broker; the recorded history must be clean. */
public interface ConcurrentClientsContract extends BrokerContract {
  @Test
  default void concurrent_claims_acks_failures_extensions_and_zombies_leave_a_clean_history() {
    assertPasses(ConcurrencyProperty.check(fixture().factory(), fixture().capabilities(), fixture().profile()));
  }
}
