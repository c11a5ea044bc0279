package dev.taskbed.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.redis.RedisDriverException.Kind;
import org.junit.jupiter.api.Test;

class RedisDriverExceptionTest {
  @Test
  void error_replies_are_classified_by_their_redis_error_code() {
    assertThat(RedisDriverException.classify("NOSCRIPT No matching script. Please use EVAL.")).isEqualTo(Kind.NO_SCRIPT);
    assertThat(RedisDriverException.classify("OOM command not allowed when used memory > 'maxmemory'."))
        .isEqualTo(Kind.OUT_OF_MEMORY);
    for (String m : new String[] {"READONLY You can't write against a read only replica.", "MOVED 3999 127.0.0.1:6381",
      "TRYAGAIN Multiple keys request during rehashing of slot", "CLUSTERDOWN The cluster is down",
      "LOADING Redis is loading the dataset in memory", "BUSY Redis is busy running a script.",
      "UNBLOCKED force unblock from blocking operation"}) {
      assertThat(RedisDriverException.classify(m)).as(m).isEqualTo(Kind.RETRYABLE);
    }
    assertThat(RedisDriverException.classify("ERR user_script:12: Script attempted to access nonexistent global"))
        .isEqualTo(Kind.FATAL);
  }

  @Test
  void an_unreplicated_write_is_in_doubt() {
    RedisDriverException e = RedisDriverException.unreplicated("WAIT: 0 of 1");
    assertThat(e.kind()).isEqualTo(Kind.UNREPLICATED);
    assertThat(e.maybeSent()).isTrue();
  }

  @Test
  void only_connection_failures_can_be_in_doubt() {
    assertThat(RedisDriverException.serverError("READONLY x", null).maybeSent()).isFalse();
    assertThat(RedisDriverException.connectionFailure(true, "reset", null).maybeSent()).isTrue();
    assertThat(RedisDriverException.connectionFailure(false, "refused", null).kind()).isEqualTo(Kind.CONNECTION);
  }
}
