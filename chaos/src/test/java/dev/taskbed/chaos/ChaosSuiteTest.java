package dev.taskbed.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.simulator.backend.RedisDriver;
import org.junit.jupiter.api.Test;

class ChaosSuiteTest {
  @Test
  void a_rows_seed_depends_only_on_the_master_seed_scenario_variant_and_backend() {
    long a = ChaosSuite.seedFor(42, 3, "", RedisDriver.JEDIS);
    assertThat(ChaosSuite.seedFor(42, 3, "", RedisDriver.JEDIS)).isEqualTo(a);
    assertThat(ChaosSuite.seedFor(42, 3, "", RedisDriver.REDISSON)).isNotEqualTo(a);
    assertThat(ChaosSuite.seedFor(42, 4, "", RedisDriver.JEDIS)).isNotEqualTo(a);
    assertThat(ChaosSuite.seedFor(42, 3, "WAIT 1", RedisDriver.JEDIS)).isNotEqualTo(a);
    assertThat(ChaosSuite.seedFor(43, 3, "", RedisDriver.JEDIS)).isNotEqualTo(a);
  }
}
