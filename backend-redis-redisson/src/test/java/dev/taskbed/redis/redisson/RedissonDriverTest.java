package dev.taskbed.redis.redisson;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedissonDriverTest {

  @Test
  void replies_are_brought_into_the_shared_reply_model() {
    byte[] bulk = {1, 2, 3};
    Object reply = RedissonDriver.normalize(List.of(5L, bulk, "OK", List.of(7, "x")));
    assertThat(reply).isInstanceOf(List.class);
    List<?> r = (List<?>) reply;
    assertThat(r.get(0)).isEqualTo(5L);
    assertThat(r.get(1)).isSameAs(bulk);
    assertThat((byte[]) r.get(2)).isEqualTo("OK".getBytes(StandardCharsets.UTF_8));
    assertThat((List<?>) r.get(3)).first().isEqualTo(7L);
    assertThat(RedissonDriver.normalize(null)).isNull();
  }

  @Test
  void calls_are_grouped_by_the_hash_tag_that_picks_their_slot() {
    assertThat(RedissonDriver.hashTag("taskbed:{orders}:tasks".getBytes(StandardCharsets.UTF_8))).isEqualTo("orders");
    assertThat(RedissonDriver.hashTag("taskbed:queues".getBytes(StandardCharsets.UTF_8))).isEqualTo("taskbed:queues");
    assertThat(RedissonDriver.hashTag("a{}b{c}".getBytes(StandardCharsets.UTF_8))).isEqualTo("a{}b{c}");
  }
}
