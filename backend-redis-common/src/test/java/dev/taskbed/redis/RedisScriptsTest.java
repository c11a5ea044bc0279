package dev.taskbed.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisScriptsTest {

  @Test
  void every_script_is_named_by_its_file_with_the_text_and_sha_the_broker_sends() {
    assertThat(RedisScripts.names()).hasSameSizeAs(Script.values()).contains("enqueue", "claim", "replication_mark");
    for (Script s : Script.values()) {
      String name = s.fileName().replace(".lua", "");
      assertThat(RedisScripts.body(name)).as(name).isEqualTo(s.body());
      assertThat(RedisScripts.sha(name)).as(name).isEqualTo(s.sha());
    }
  }

  @Test
  void a_script_body_handed_out_cannot_change_what_the_broker_sends() {
    byte[] body = RedisScripts.body("enqueue");
    body[0] = 'X';
    assertThat(RedisScripts.body("enqueue")[0]).isEqualTo((byte) '#');
  }

  @Test
  void an_unknown_name_is_refused_with_the_names_there_are() {
    assertThatThrownBy(() -> RedisScripts.sha("enqueue.lua")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("enqueue.lua").hasMessageContaining("claim");
  }
}
