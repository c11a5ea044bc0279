package dev.taskbed.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.InvalidOptionException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

class JedisBrokerConfigTest {
  @Test
  void aRedissUri_givesTlsCredentialsAndDatabase() {
    JedisBrokerConfig c = JedisBrokerConfig.standalone("rediss://app:s3cret@cache.local:6380/3").build();
    assertThat(c.ssl()).isTrue();
    assertThat(c.user()).isEqualTo("app");
    assertThat(c.password()).isEqualTo("s3cret");
    assertThat(c.database()).isEqualTo(3);
    assertThat(c.toString()).doesNotContain("s3cret");
  }

  @Test
  void invalidOptions_areRejectedByName() {
    assertThatThrownBy(() -> JedisBrokerConfig.standalone("http://x:1")).isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("uri");
    assertThatThrownBy(() -> JedisBrokerConfig.cluster(List.of("nohost"))).isInstanceOf(InvalidOptionException.class)
        .hasMessageContaining("nodes");
    assertThatThrownBy(() -> JedisBrokerConfig.sentinel(" ", List.of("h:1"))).hasMessageContaining("masterName");
    assertThatThrownBy(() -> JedisBrokerConfig.standalone("redis://h:1").poolSize(0)).hasMessageContaining("poolSize");
    assertThatThrownBy(() -> JedisBrokerConfig.cluster(List.of("h:1")).database(2).build())
        .hasMessageContaining("database");
  }

  @Test
  void replicaAckTimeout_mustFitInTheSocketTimeout() {
    dev.taskbed.redis.RedisBrokerSettings waits = dev.taskbed.redis.RedisBrokerSettings.builder()
        .replicaAcks(1, java.time.Duration.ofSeconds(2)).build();
    assertThatThrownBy(() -> JedisBrokerConfig.standalone("redis://h:1").settings(waits).build())
        .isInstanceOf(InvalidOptionException.class).hasMessageContaining("replicaAckTimeout");
    assertThat(JedisBrokerConfig.standalone("redis://h:1").settings(waits).socketTimeout(java.time.Duration.ofSeconds(3))
        .build().settings().replicaAcks()).isEqualTo(1);
  }

  @Test
  void addresses_areUsedAsGiven_unlessAMapperIsSet() {
    assertThat(JedisBrokerConfig.sentinel("m", List.of("h:1")).build().addressMapper()).isNull();
    JedisBrokerConfig c = JedisBrokerConfig.sentinel("m", List.of("h:1"))
        .addressMapper(a -> a.replace("10.0.0.5", "127.0.0.1")).build();
    assertThat(c.addressMapper().apply("10.0.0.5:6379")).isEqualTo("127.0.0.1:6379");
  }

  @Test
  void onlyFailuresToConnect_proveACommandWasNotSent() {
    assertThat(JedisDriver.maybeSent(new JedisConnectionException("Failed to connect to 127.0.0.1:1",
        new ConnectException("Connection refused")))).isFalse();
    assertThat(JedisDriver.maybeSent(new JedisConnectionException(new SocketTimeoutException("Read timed out")))).isTrue();
    assertThat(JedisDriver.maybeSent(new JedisConnectionException("Unexpected end of stream."))).isTrue();
    assertThat(JedisDriver.maybeSent(new JedisConnectionException(new EOFException()))).isTrue();
    assertThat(JedisDriver.maybeSent(new IllegalStateException("something else"))).isTrue();
  }
}
