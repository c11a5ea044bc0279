package dev.taskbed.redis.redisson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.redis.RedisDriverException;
import dev.taskbed.redis.RedisDriverException.Kind;
import io.netty.channel.ChannelException;
import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.redisson.client.RedisBusyException;
import org.redisson.client.RedisClusterDownException;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisLoadingException;
import org.redisson.client.RedisMovedException;
import org.redisson.client.RedisNoScriptException;
import org.redisson.client.RedisNodeNotFoundException;
import org.redisson.client.RedisOutOfMemoryException;
import org.redisson.client.RedisReadonlyException;
import org.redisson.client.RedisReconnectedException;
import org.redisson.client.RedisResponseTimeoutException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.RedisTryAgainException;
import org.redisson.client.WriteRedisConnectionException;
import org.redisson.misc.RedisURI;

/**
 * The messages below are the ones Redisson 3.52 builds from error replies (see its
 * {@code CommandDecoder}); the point is that each maps to the kind the broker acts on.
 */
class RedissonExceptionsTest {
  private final RedissonExceptions ours = new RedissonExceptions(false);
  private final RedissonExceptions retryingClient = new RedissonExceptions(true);

  @Test
  void error_replies_become_server_errors_of_the_kind_the_broker_acts_on() {
    assertKind(new RedisNoScriptException("NOSCRIPT No matching script. Please use EVAL.. channel: [id: 0x1]"), Kind.NO_SCRIPT);
    // Redisson strips "OOM " from the message; the driver puts it back
    assertKind(new RedisOutOfMemoryException("command not allowed when used memory > 'maxmemory'.. channel: x"),
        Kind.OUT_OF_MEMORY);
    assertKind(new RedisReadonlyException("READONLY You can't write against a read only replica.. channel: x"),
        Kind.RETRYABLE);
    assertKind(new RedisTryAgainException("TRYAGAIN Multiple keys request during rehashing of slot. channel: x"),
        Kind.RETRYABLE);
    assertKind(new RedisLoadingException("LOADING Redis is loading the dataset in memory. channel: x"), Kind.RETRYABLE);
    assertKind(new RedisBusyException("BUSY Redis is busy running a script. channel: x"), Kind.RETRYABLE);
    assertKind(new RedisClusterDownException("CLUSTERDOWN The cluster is down. channel: x"), Kind.RETRYABLE);
    assertKind(new RedisMovedException(42, new RedisURI("redis://127.0.0.1:7001")), Kind.RETRYABLE);
    assertKind(new RedisException("ERR Error running script (call to f_abc): @user_script:1: boom. channel: x command: y"),
        Kind.FATAL);
    assertKind(new RedisException("WRONGTYPE Operation against a key holding the wrong kind of value. channel: x"),
        Kind.FATAL);
  }

  private void assertKind(Throwable e, Kind kind) {
    RedisDriverException d = ours.translate(e);
    assertThat(d.kind()).as(e.toString()).isEqualTo(kind);
    assertThat(d.maybeSent()).isFalse();
    assertThat(d.getCause()).isSameAs(e);
  }

  @Test
  void failures_before_the_write_prove_the_command_was_not_sent() {
    notSent(new RedisConnectionException("Unable to connect to Redis server: 127.0.0.1/127.0.0.1:1",
        new ConnectException("Connection refused")));
    notSent(new WriteRedisConnectionException("Unable to write command into connection!", new IOException("closed")));
    notSent(new RedisNodeNotFoundException("Node for slot: 42 hasn't been discovered yet"));
    notSent(new RedisTimeoutException("Unable to acquire connection! after 3 of 3 retry attempts"));
    notSent(new RedisTimeoutException("Command still hasn't been written into connection! after 1 of 1 retry attempts"));
    notSent(new RedisException("Unexpected exception while processing command",
        new ConnectTimeoutException("connection timed out: /127.0.0.1:1")));
    notSent(new CompletionException(new RedisConnectionException("Unable to connect")));
  }

  private void notSent(Throwable e) {
    RedisDriverException d = ours.translate(e);
    assertThat(d.kind()).as(e.toString()).isEqualTo(Kind.CONNECTION);
    assertThat(d.maybeSent()).as(e.toString()).isFalse();
    assertThat(retryingClient.translate(e).maybeSent()).as("an earlier attempt of a retrying client may have run")
        .isTrue();
  }

  @Test
  void failures_after_the_write_leave_it_in_doubt() {
    inDoubt(new RedisResponseTimeoutException("Redis server response timeout (2000 ms) occured after 0 of 0 retry attempts"));
    inDoubt(new RedisReconnectedException("Channel has been reconnected"));
    inDoubt(new RedisException("Unexpected exception while processing command", new ChannelException("reset")));
    inDoubt(new RedisException("Unexpected exception while processing command", new IOException("Connection reset by peer")));
    inDoubt(new CancellationException());
    inDoubt(new ExecutionException(new IllegalStateException("Can't decode replay")));
    inDoubt(new RedisTimeoutException("Command execution timeout for 127.0.0.1:6379"));
  }

  private void inDoubt(Throwable e) {
    RedisDriverException d = ours.translate(e);
    assertThat(d.kind()).as(e.toString()).isEqualTo(Kind.CONNECTION);
    assertThat(d.maybeSent()).as(e.toString()).isTrue();
  }

  @Test
  void a_driver_exception_passes_through_unchanged() {
    RedisDriverException d = RedisDriverException.connectionFailure(false, "x", null);
    assertThat(ours.translate(new CompletionException(d))).isSameAs(d);
  }
}
