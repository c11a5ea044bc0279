package dev.taskbed.conformance.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.conformance.ConformanceProfile;
import dev.taskbed.conformance.runner.ModelBasedProperty;
import dev.taskbed.conformance.runner.PropertyFailure;
import dev.taskbed.conformance.runner.Workload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** A failure's printed seed, given back through {@code -Dtaskbed.seed}, replays it exactly. */
class PrintedSeedReplaysTest {

  @Test
  void the_seed_in_a_failure_report_replays_the_same_minimal_sequence_and_failure() throws Exception {
    Mutant mutant = Mutant.RESURRECTS_COMPLETED_TASK;
    PropertyFailure first = ModelBasedProperty.check(mutant.factory(), Workload.MIXED,
        ConformanceProfile.ci().withMasterSeed(MutantsAreCaughtTest.MASTER_SEED)).failure().orElseThrow();
    assertThat(first.report()).contains("-Dtaskbed.seed=" + first.seed());
    assertThat(first.reportFile()).isNotNull();
    assertThat(Files.readString(first.reportFile(), StandardCharsets.UTF_8)).isEqualTo(first.report());

    String previous = System.getProperty("taskbed.seed");
    System.setProperty("taskbed.seed", Long.toString(first.seed()));
    try {
      ConformanceProfile replayProfile = ConformanceProfile.fromSystemProperties();
      assertThat(replayProfile.replaySeed()).hasValue(first.seed());
      PropertyFailure replay = ModelBasedProperty.check(mutant.factory(), Workload.MIXED, replayProfile).failure().orElseThrow();
      assertThat(replay.seed()).isEqualTo(first.seed());
      assertThat(replay.originalLength()).isEqualTo(first.originalLength());
      assertThat(replay.minimalSteps()).isEqualTo(first.minimalSteps());
      assertThat(replay.failure()).isEqualTo(first.failure());
    } finally {
      if (previous == null) {
        System.clearProperty("taskbed.seed");
      } else {
        System.setProperty("taskbed.seed", previous);
      }
    }
  }
}
