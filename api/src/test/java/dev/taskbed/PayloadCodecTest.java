package dev.taskbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PayloadCodecTest {
  enum Channel { EMAIL, SMS }

  record Recipient(String address, Channel channel) {}

  record Reminder(String to, Instant at, Optional<String> note) {}

  record Schedule(
      LocalDate day,
      Duration every,
      OffsetDateTime localStart,
      Optional<Instant> until,
      Channel channel,
      List<Recipient> recipients,
      Map<Channel, List<Set<Integer>>> quietHours) {}

  private static final Schedule SCHEDULE = new Schedule(
      LocalDate.of(2026, 12, 4),
      Duration.ofMinutes(5),
      OffsetDateTime.parse("2026-12-04T09:30:00+01:00"),
      Optional.empty(),
      Channel.SMS,
      List.of(new Recipient("ada@example.com", Channel.EMAIL), new Recipient("+44 20 7946 0000", Channel.SMS)),
      Map.of(Channel.SMS, List.of(Set.of(22, 23), Set.of(0, 1, 2))));

  @Nested
  class TheDefaultJson {
    @Test
    void round_trips_a_payload_with_an_instant_and_an_optional_as_a_new_user_writes_it() {
      Reminder reminder = new Reminder("a@b", Instant.parse("2026-12-04T18:33:31Z"), Optional.of("hi"));
      Task task = Task.json("remind", reminder);
      assertThat(task.payloadAs(Reminder.class)).isEqualTo(reminder);
      assertThat(task.payloadAsString()).isEqualTo("{\"to\":\"a@b\",\"at\":\"2026-12-04T18:33:31Z\",\"note\":\"hi\"}");
    }

    @Test
    void round_trips_dates_durations_optionals_enums_and_nested_collections() {
      assertThat(Task.json("schedule", SCHEDULE).payloadAs(Schedule.class)).isEqualTo(SCHEDULE);
    }

    @Test
    void writes_dates_and_durations_as_iso_8601_strings_and_an_empty_optional_as_null() {
      String json = Task.json("schedule", SCHEDULE).payloadAsString();
      assertThat(json).contains("\"day\":\"2026-12-04\"", "\"every\":\"PT5M\"",
          "\"localStart\":\"2026-12-04T09:30:00+01:00\"", "\"until\":null", "\"channel\":\"SMS\"");
    }
  }

  @Nested
  class AnApplicationsOwnMapper {
    private final ObjectMapper snakeCase = JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .build();
    private final PayloadCodec codec = PayloadCodec.jackson(snakeCase);

    record Invoice(String customerId, Instant dueAt) {}

    @Test
    void is_used_as_configured_to_write_and_to_read() {
      Invoice invoice = new Invoice("c-1", Instant.parse("2026-12-31T00:00:00Z"));
      Task task = Task.json("invoice", invoice, codec);
      assertThat(task.payloadAsString()).isEqualTo("{\"customer_id\":\"c-1\",\"due_at\":\"2026-12-31T00:00:00Z\"}");
      assertThat(task.payloadAs(Invoice.class, codec)).isEqualTo(invoice);
      assertThat(Task.builder("invoice").json(invoice, codec).build().payload()).isEqualTo(task.payload());
      assertThat(task.payloadAs(Invoice.class).customerId()).as("the default codec does not know the naming").isNull();
    }
  }

  @Nested
  class Errors {
    @Test
    void a_value_that_cannot_be_written_names_the_payload_and_its_type() {
      assertThatThrownBy(() -> Task.json("t", new Object()))
          .isInstanceOf(InvalidOptionException.class)
          .hasMessageContaining("payload").hasMessageContaining("java.lang.Object");
    }

    @Test
    void a_date_in_a_form_iso_8601_does_not_allow_names_the_payload_and_the_target_type() {
      Task task = Task.of("remind", "{\"to\":\"a@b\",\"at\":\"tomorrow\"}".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> task.payloadAs(Reminder.class))
          .isInstanceOf(InvalidOptionException.class)
          .hasMessageContaining("payload").hasMessageContaining("Reminder").hasMessageContaining("tomorrow");
    }
  }
}
