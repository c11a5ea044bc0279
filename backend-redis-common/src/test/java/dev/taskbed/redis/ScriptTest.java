package dev.taskbed.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.TaskState;
import dev.taskbed.spi.AckKind;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ScriptTest {

  private static String text(Script s) {
    return new String(s.body(), StandardCharsets.UTF_8);
  }

  @Test
  void every_script_starts_with_a_shebang_and_documents_keys_argv_return_and_invariant() {
    for (Script s : Script.values()) {
      String body = text(s);
      assertThat(body).as(s.fileName()).startsWith("#!lua");
      assertThat(body).as(s.fileName()).contains("-- KEYS:", "-- ARGV:", "-- Returns:", "-- Invariant:");
      assertThat(s.sha()).hasSize(40);
    }
  }

  @Test
  void only_enqueue_can_be_refused_when_redis_is_full() {
    for (Script s : Script.values()) {
      String shebang = text(s).lines().findFirst().orElseThrow();
      if (s == Script.ENQUEUE) {
        assertThat(shebang).isEqualTo("#!lua");
      } else {
        assertThat(shebang).as(s.fileName()).matches("#!lua flags=(allow-oom|no-writes)");
      }
    }
  }

  @Test
  void only_the_read_only_scripts_skip_waiting_for_replicas() {
    assertThat(java.util.Arrays.stream(Script.values()).filter(s -> !s.writes()))
        .containsExactlyInAnyOrder(Script.GET, Script.LIST, Script.STATS, Script.NEXT_DUE);
  }

  @Test
  void lua_state_and_ack_codes_match_the_java_side() {
    String lib = text(Script.GET);
    Matcher states = Pattern.compile("local PENDING, SCHEDULED, ACTIVE, RETRY, ARCHIVED, COMPLETED = (.*)").matcher(lib);
    assertThat(states.find()).isTrue();
    String[] codes = states.group(1).split(",\\s*");
    TaskState[] order = {TaskState.PENDING, TaskState.SCHEDULED, TaskState.ACTIVE, TaskState.RETRY, TaskState.ARCHIVED,
      TaskState.COMPLETED};
    for (int i = 0; i < order.length; i++) {
      assertThat(RecordCodec.stateCode(order[i])).isEqualTo(Integer.parseInt(codes[i].trim()));
    }
    Matcher kinds = Pattern.compile("local ACK_COMPLETE, ACK_REVOKE, ACK_RETRY, ACK_ARCHIVE, ACK_REQUEUE = (.*)").matcher(lib);
    assertThat(kinds.find()).isTrue();
    String[] k = kinds.group(1).split(",\\s*");
    AckKind[] kindOrder = {AckKind.COMPLETE, AckKind.REVOKE, AckKind.RETRY, AckKind.ARCHIVE, AckKind.REQUEUE};
    for (int i = 0; i < kindOrder.length; i++) {
      assertThat(RecordCodec.ackKindCode(kindOrder[i])).isEqualTo(Integer.parseInt(k[i].trim()));
    }
  }

  @Test
  void key_schema_puts_every_queue_key_in_the_queues_hash_tag() {
    assertThat(Keys.of("emails")).hasSize(12).allSatisfy(k ->
        assertThat(new String(k, StandardCharsets.UTF_8)).startsWith("taskbed:{emails}:"));
    assertThat(Keys.queueOfChannel(Keys.wakeChannel("a:b.c"))).isEqualTo("a:b.c");
  }
}
