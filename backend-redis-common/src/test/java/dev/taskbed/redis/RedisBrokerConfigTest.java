package dev.taskbed.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.InvalidOptionException;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class RedisBrokerConfigTest {
  @Test
  void a_rediss_uri_gives_tls_credentials_and_database_and_hides_the_password() {
    RedisBrokerConfig c = RedisBrokerConfig.standalone("rediss://app:s3cret@cache.local:6380/3").build();
    assertThat(c.ssl()).isTrue();
    assertThat(c.user()).isEqualTo("app");
    assertThat(c.password()).isEqualTo("s3cret");
    assertThat(c.database()).isEqualTo(3);
    assertThat(c.toString()).isEqualTo("standalone rediss://cache.local:6380/3");
  }

  @Test
  void invalid_options_are_rejected_by_name() {
    rejected(() -> RedisBrokerConfig.standalone("http://x:1"), "uri");
    rejected(() -> RedisBrokerConfig.standalone("redis://h:1/x"), "database must be a number");
    rejected(() -> RedisBrokerConfig.standalone("redis:///0"), "has no host");
    rejected(() -> RedisBrokerConfig.cluster(List.of("nohost")), "nodes");
    rejected(() -> RedisBrokerConfig.cluster(List.of()), "at least one");
    rejected(() -> RedisBrokerConfig.sentinel(" ", List.of("h:1")), "masterName");
    rejected(() -> RedisBrokerConfig.sentinel("m", List.of("h:0")), "sentinels");
    rejected(() -> RedisBrokerConfig.standalone("redis://h:1").poolSize(0), "poolSize");
    rejected(() -> RedisBrokerConfig.standalone("redis://h:1").database(-1), "database");
    rejected(() -> RedisBrokerConfig.standalone("redis://h:1").connectTimeout(Duration.ZERO), "connectTimeout");
    rejected(() -> RedisBrokerConfig.standalone("redis://h:1").socketTimeout(null), "socketTimeout");
    rejected(() -> RedisBrokerConfig.cluster(List.of("h:1")).database(2).build(), "only database 0");
  }

  private static void rejected(ThrowingCallable call, String naming) {
    assertThatThrownBy(call).isInstanceOf(InvalidOptionException.class).hasMessageContaining(naming);
  }

  @Test
  void replica_ack_timeout_must_fit_in_the_socket_timeout() {
    RedisBrokerSettings waits = RedisBrokerSettings.builder().replicaAcks(1, Duration.ofSeconds(2)).build();
    rejected(() -> RedisBrokerConfig.standalone("redis://h:1").settings(waits).build(), "replicaAckTimeout");
    assertThat(RedisBrokerConfig.standalone("redis://h:1").settings(waits).socketTimeout(Duration.ofSeconds(3))
        .build().settings().replicaAcks()).isEqualTo(1);
  }

  @Test
  void addresses_are_used_as_given_unless_a_mapper_is_set() {
    assertThat(RedisBrokerConfig.sentinel("m", List.of("h:1")).build().addressMapper()).isNull();
    RedisBrokerConfig c = RedisBrokerConfig.sentinel("m", List.of("h:1"))
        .addressMapper(a -> a.replace("10.0.0.5", "127.0.0.1")).build();
    assertThat(c.addressMapper().apply("10.0.0.5:6379")).isEqualTo("127.0.0.1:6379");
  }
}
