package dev.taskbed.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConformanceProfileTest {
  private static final String[] KEYS = {"taskbed.conformance.profile", "taskbed.conformance.sequences", "taskbed.conformance.steps",
      "taskbed.seed", "taskbed.conformance.masterSeed"};
  private final Map<String, String> saved = new java.util.HashMap<>();

  {
    for (String k : KEYS) {
      if (System.getProperty(k) != null) {
        saved.put(k, System.getProperty(k));
      }
    }
  }

  @AfterEach
  void restore() {
    for (String k : KEYS) {
      System.clearProperty(k);
    }
    saved.forEach(System::setProperty);
  }

  @Test
  void without_properties_the_cheap_ci_profile_applies_with_no_fixed_seed() {
    for (String k : KEYS) {
      System.clearProperty(k);
    }
    ConformanceProfile p = ConformanceProfile.fromSystemProperties();
    assertThat(p.name()).isEqualTo("ci");
    assertThat(p.sequences()).isEqualTo(ConformanceProfile.CI_SEQUENCES);
    assertThat(p.steps()).isEqualTo(ConformanceProfile.CI_STEPS);
    assertThat(p.replaySeed()).isEmpty();
    assertThat(p.masterSeed()).isEmpty();
  }

  @Test
  void the_deep_profile_and_individual_counts_come_from_system_properties() {
    System.setProperty("taskbed.conformance.profile", "deep");
    System.setProperty("taskbed.conformance.steps", "7");
    System.setProperty("taskbed.conformance.masterSeed", "-42");
    ConformanceProfile p = ConformanceProfile.fromSystemProperties();
    assertThat(p.name()).isEqualTo("deep");
    assertThat(p.sequences()).isEqualTo(ConformanceProfile.DEEP_SEQUENCES);
    assertThat(p.steps()).isEqualTo(7);
    assertThat(p.masterSeed()).hasValue(-42);
  }

  @Test
  void an_unknown_profile_and_non_positive_counts_are_refused() {
    System.setProperty("taskbed.conformance.profile", "nightly");
    assertThatThrownBy(ConformanceProfile::fromSystemProperties).hasMessageContaining("nightly");
    System.setProperty("taskbed.conformance.profile", "ci");
    System.setProperty("taskbed.conformance.sequences", "0");
    assertThatThrownBy(ConformanceProfile::fromSystemProperties).hasMessageContaining("sequences");
  }
}
