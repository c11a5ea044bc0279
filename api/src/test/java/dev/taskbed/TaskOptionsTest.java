package dev.taskbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskOptionsTest {

  @Nested
  class Defaults {
    @Test
    void are_those_of_asynq() {
      TaskOptions o = TaskOptions.defaults();
      assertThat(o.queue()).isEqualTo("default");
      assertThat(o.maxRetry()).isEqualTo(25);
      assertThat(o.timeout()).contains(Duration.ofMinutes(30));
      assertThat(o.processAt()).isEmpty();
      assertThat(o.processIn()).isEmpty();
      assertThat(o.taskId()).isEmpty();
      assertThat(o.uniqueFor()).isEmpty();
      assertThat(o.retention()).isZero();
    }

    @Test
    void timeout_is_none_when_only_a_deadline_is_given() {
      TaskOptions o = TaskOptions.builder().deadline(Instant.parse("2030-01-01T00:00:00Z")).build();
      assertThat(o.timeout()).isEmpty();
    }

    @Test
    void the_later_of_process_at_and_process_in_wins() {
      TaskOptions o = TaskOptions.builder().processIn(Duration.ofSeconds(5)).processAt(Instant.EPOCH).build();
      assertThat(o.processIn()).isEmpty();
      assertThat(o.processAt()).contains(Instant.EPOCH);
      o = o.toBuilder().processIn(Duration.ofSeconds(1)).build();
      assertThat(o.processAt()).isEmpty();
      assertThat(o.processIn()).contains(Duration.ofSeconds(1));
    }
  }

  @Nested
  class BadInput {
    @Test
    void a_negative_max_retry_is_rejected_naming_the_option() {
      assertThatThrownBy(() -> TaskOptions.builder().maxRetry(-1))
          .isInstanceOf(InvalidOptionException.class)
          .hasMessage("invalid maxRetry -1: must be >= 0")
          .extracting(e -> ((InvalidOptionException) e).option()).isEqualTo("maxRetry");
    }

    @Test
    void negative_delay_is_rejected() {
      assertThatThrownBy(() -> TaskOptions.builder().processIn(Duration.ofMillis(-1)))
          .isInstanceOf(InvalidOptionException.class).hasMessageContaining("processIn").hasMessageContaining("PT-0.001S");
    }

    @Test
    void zero_or_negative_timeout_is_rejected() {
      assertThatThrownBy(() -> TaskOptions.builder().timeout(Duration.ZERO))
          .isInstanceOf(InvalidOptionException.class).hasMessageContaining("timeout").hasMessageContaining("> 0");
      assertThatThrownBy(() -> TaskOptions.builder().timeout(Duration.ofSeconds(-3)))
          .isInstanceOf(InvalidOptionException.class).hasMessageContaining("timeout");
    }

    @Test
    void a_zero_unique_for_and_a_negative_retention_are_rejected() {
      assertThatThrownBy(() -> TaskOptions.builder().uniqueFor(Duration.ZERO)).hasMessageContaining("uniqueFor");
      assertThatThrownBy(() -> TaskOptions.builder().retention(Duration.ofSeconds(-1))).hasMessageContaining("retention");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "{tagged}", "bra{ce", "slash/", "ünïcode", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void invalid_queue_names_are_rejected(String name) {
      assertThatThrownBy(() -> TaskOptions.builder().queue(name))
          .isInstanceOf(InvalidOptionException.class)
          .hasMessageStartingWith("invalid queue");
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "critical", "emails.v2", "tenant-7:low", "A_b", "q"})
    void valid_queue_names_are_accepted(String name) {
      assertThat(TaskOptions.builder().queue(name).build().queue()).isEqualTo(name);
    }

    @Test
    void task_ids_are_limited_to_128_bytes_without_whitespace() {
      assertThat(TaskOptions.builder().taskId("x".repeat(128)).build().taskId()).contains("x".repeat(128));
      assertThatThrownBy(() -> TaskOptions.builder().taskId("x".repeat(129))).hasMessageContaining("128");
      assertThatThrownBy(() -> TaskOptions.builder().taskId("é".repeat(65))).hasMessageContaining("UTF-8 bytes");
      assertThatThrownBy(() -> TaskOptions.builder().taskId("a b")).hasMessageContaining("whitespace");
      assertThatThrownBy(() -> TaskOptions.builder().taskId("")).hasMessageContaining("empty");
    }
  }

  @Nested
  class Tasks {
    @Test
    void empty_blank_or_overlong_types_are_rejected() {
      assertThatThrownBy(() -> Task.of("", new byte[0])).isInstanceOf(InvalidOptionException.class).hasMessageContaining("type");
      assertThatThrownBy(() -> Task.of("   ", new byte[0])).hasMessageContaining("blank");
      assertThatThrownBy(() -> Task.of("t".repeat(257), new byte[0])).hasMessageContaining("longer than 256");
      assertThat(Task.of("t".repeat(256), new byte[0]).type()).hasSize(256);
    }

    @Test
    void payload_is_copied_in_and_out() {
      byte[] bytes = {1, 2, 3};
      Task t = Task.of("t", bytes);
      bytes[0] = 9;
      assertThat(t.payload()).containsExactly(1, 2, 3);
      t.payload()[1] = 9;
      assertThat(t.payload()).containsExactly(1, 2, 3);
    }

    record Email(String to, String subject) {}

    @Test
    void json_payloads_round_trip() {
      Task t = Task.json("email:send", new Email("a@example.com", "hi"));
      assertThat(t.payloadAsString()).isEqualTo("{\"to\":\"a@example.com\",\"subject\":\"hi\"}");
      assertThat(t.payloadAs(Email.class)).isEqualTo(new Email("a@example.com", "hi"));
    }

    @Test
    void unreadable_json_names_the_payload_and_target_type() {
      Task t = Task.of("t", "not json".getBytes());
      assertThatThrownBy(() -> t.payloadAs(Email.class))
          .isInstanceOf(InvalidOptionException.class)
          .hasMessageContaining("payload").hasMessageContaining("Email");
    }

    @Test
    void headers_are_sorted_and_validated() {
      Task t = Task.builder("t").header("b", "2").header("a", "1").build();
      assertThat(t.headers()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
      assertThatThrownBy(() -> Task.builder("t").header("", "x").build()).hasMessageContaining("header name");
    }
  }
}
