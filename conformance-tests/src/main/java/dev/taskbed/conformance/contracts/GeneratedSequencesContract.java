package dev.taskbed.conformance.contracts;

import dev.taskbed.conformance.runner.ModelBasedProperty;
import dev.taskbed.conformance.runner.Workload;
import org.junit.jupiter.api.Test;

/**
 * Seeded, shrinking, model-based sequences: every outcome, invariant and admin view compared
 * with the reference model after every step. A failure prints its seed and minimal sequence;
 * {@code -Dtaskbed.seed=<seed>} replays it.
 */
public interface GeneratedSequencesContract extends BrokerContract {
  private void check(Workload workload) {
    assumeVirtualTime();
    assertPasses(ModelBasedProperty.check(fixture().factory(), workload, fixture().profile()));
  }

  @Test
  default void mixed_operations_match_the_reference_model() {
    check(Workload.MIXED);
  }

  @Test
  default void leases_fencing_retries_and_time_match_the_reference_model() {
    check(Workload.LEASES_AND_TIME);
  }

  @Test
  default void enqueue_idempotence_uniqueness_and_tombstones_match_the_reference_model() {
    check(Workload.IDEMPOTENCE_AND_UNIQUENESS);
  }

  @Test
  default void pause_admin_inspection_and_retention_match_the_reference_model() {
    check(Workload.ADMIN_AND_RETENTION);
  }
}
