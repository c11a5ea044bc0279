package dev.taskbed.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChaosSuiteTest {
  @Test
  void aRowsSeed_dependsOnlyOnTheMasterSeedScenarioVariantAndBackend() {
    long a = ChaosSuite.seedFor(42, 3, "", BackendKind.JEDIS);
    assertThat(ChaosSuite.seedFor(42, 3, "", BackendKind.JEDIS)).isEqualTo(a);
    assertThat(ChaosSuite.seedFor(42, 3, "", BackendKind.REDISSON)).isNotEqualTo(a);
    assertThat(ChaosSuite.seedFor(42, 4, "", BackendKind.JEDIS)).isNotEqualTo(a);
    assertThat(ChaosSuite.seedFor(42, 3, "WAIT 1", BackendKind.JEDIS)).isNotEqualTo(a);
    assertThat(ChaosSuite.seedFor(43, 3, "", BackendKind.JEDIS)).isNotEqualTo(a);
  }
}
