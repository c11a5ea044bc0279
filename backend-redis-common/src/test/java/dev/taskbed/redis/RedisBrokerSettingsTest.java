package dev.taskbed.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.InvalidOptionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisBrokerSettingsTest {
  @Test
  void defaults_use_redis_time() {
    RedisBrokerSettings s = RedisBrokerSettings.defaults();
    assertThat(s.clock()).isEmpty();
    assertThat(s.maxAttempts()).isEqualTo(RedisBrokerSettings.DEFAULT_MAX_ATTEMPTS);
    assertThat(s.toBuilder().build().toString()).isEqualTo(s.toString());
  }

  @Test
  void invalid_values_name_the_option() {
    assertThatThrownBy(() -> RedisBrokerSettings.builder().maxAttempts(0))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RedisBrokerSettings.builder().retryBackoff(Duration.ofMillis(-1)))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("retryBackoff");
    assertThatThrownBy(() -> RedisBrokerSettings.builder().retryBackoff(Duration.ofSeconds(2)).build())
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("maxRetryBackoff");
    assertThatThrownBy(() -> RedisBrokerSettings.builder().enqueueChunk(0))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("enqueueChunk");
  }

  @Test
  void replica_acks_are_off_by_default_and_need_a_positive_timeout() {
    assertThat(RedisBrokerSettings.defaults().replicaAcks()).isZero();
    assertThat(RedisBrokerSettings.defaults().replicaAckTimeout()).isNull();
    RedisBrokerSettings s = RedisBrokerSettings.builder().replicaAcks(2, Duration.ofMillis(250)).build();
    assertThat(s.replicaAcks()).isEqualTo(2);
    assertThat(s.replicaAckTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.toBuilder().build().toString()).isEqualTo(s.toString()).contains("replicaAcks=2");
    assertThat(s.toBuilder().replicaAcks(0, null).build().replicaAckTimeout()).isNull();
    assertThatThrownBy(() -> RedisBrokerSettings.builder().replicaAcks(-1, Duration.ofSeconds(1)))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("replicaAcks");
    assertThatThrownBy(() -> RedisBrokerSettings.builder().replicaAcks(1, Duration.ZERO))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("replicaAckTimeout");
    assertThatThrownBy(() -> RedisBrokerSettings.builder().replicaAcks(1, null))
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("replicaAckTimeout");
  }

  @Test
  void versions_below_seven_zero_are_rejected() {
    assertThat(ServerReport.atLeast("7.0.15", ServerReport.MINIMUM_VERSION)).isTrue();
    assertThat(ServerReport.atLeast("7.2.4", ServerReport.MINIMUM_VERSION)).isTrue();
    assertThat(ServerReport.atLeast("6.2.14", ServerReport.MINIMUM_VERSION)).isFalse();
  }
}
