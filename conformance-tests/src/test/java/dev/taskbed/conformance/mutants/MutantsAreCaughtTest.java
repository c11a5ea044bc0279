package dev.taskbed.conformance.mutants;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.conformance.BackendCapabilities;
import dev.taskbed.conformance.ConformanceProfile;
import dev.taskbed.conformance.concurrent.ConcurrencyProperty;
import dev.taskbed.conformance.runner.ModelBasedProperty;
import dev.taskbed.conformance.runner.PropertyFailure;
import dev.taskbed.conformance.runner.PropertyResult;
import dev.taskbed.conformance.runner.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proof of strength: the generated properties of the conformance suite, at their CI sizes, fail
 * on every deliberately broken broker, and shrink the failure to at most 12 steps.
 *
 * <p>The master seed is fixed so this test is deterministic; the suite itself draws a fresh
 * master seed every run.
 */
class MutantsAreCaughtTest {
  /** Fixed so the proof is repeatable; any seed should do (see the kit's README for catch rates). */
  static final long MASTER_SEED = 20_260_101L;
  static final int MAX_MINIMAL_STEPS = 12;

  @ParameterizedTest(name = "{0}")
  @EnumSource(Mutant.class)
  void the_suite_catches_the_mutant_with_a_short_shrunk_sequence(Mutant mutant) {
    ConformanceProfile profile = ConformanceProfile.ci().withMasterSeed(MASTER_SEED);
    List<String> tried = new ArrayList<>();
    Optional<PropertyFailure> caught = Optional.empty();
    for (Workload w : Workload.values()) {
      PropertyResult r = ModelBasedProperty.check(mutant.factory(), w, profile);
      tried.add(r.summary());
      if (!r.passed()) {
        caught = r.failure();
        break;
      }
    }
    if (caught.isEmpty()) {
      PropertyResult r = ConcurrencyProperty.check(mutant.factory(), BackendCapabilities.onVirtualTime(), profile);
      tried.add(r.summary());
      caught = r.failure();
    }
    assertThat(caught).as("the suite must fail on the mutant that %s; it passed: %s", mutant.bug(), tried).isPresent();
    PropertyFailure f = caught.get();
    System.out.println("=== mutant that " + mutant.bug() + ": caught by " + f.property() + " after " + tried.size()
        + " properties; shrunk " + f.originalLength() + " -> " + f.minimalLength() + " steps\n" + f.report());
    assertThat(f.minimalLength()).as(f.report()).isBetween(1, MAX_MINIMAL_STEPS);
  }
}
