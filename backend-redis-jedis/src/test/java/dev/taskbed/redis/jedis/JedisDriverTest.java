package dev.taskbed.redis.jedis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

class JedisDriverTest {
  @Test
  void only_failures_to_connect_prove_a_command_was_not_sent() {
    assertThat(JedisDriver.maybeSent(new JedisConnectionException("Failed to connect to 127.0.0.1:1",
        new ConnectException("Connection refused")))).isFalse();
    assertThat(JedisDriver.maybeSent(new JedisConnectionException(new SocketTimeoutException("Read timed out")))).isTrue();
    assertThat(JedisDriver.maybeSent(new JedisConnectionException("Unexpected end of stream."))).isTrue();
    assertThat(JedisDriver.maybeSent(new JedisConnectionException(new EOFException()))).isTrue();
    assertThat(JedisDriver.maybeSent(new IllegalStateException("something else"))).isTrue();
  }
}
