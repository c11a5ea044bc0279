package dev.taskbed.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.taskbed.InvalidOptionException;
import dev.taskbed.PayloadCodec;
import java.io.IOException;
import java.util.Objects;

/** A {@link PayloadCodec} over a Jackson mapper; {@link #DEFAULT} is {@link PayloadCodec#json()}. */
public final class JacksonPayloadCodec implements PayloadCodec {
  public static final JacksonPayloadCodec DEFAULT = new JacksonPayloadCodec(JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .addModule(new Jdk8Module())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build());

  private final ObjectMapper mapper;

  public JacksonPayloadCodec(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  @Override
  public byte[] encode(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new InvalidOptionException("payload", value == null ? null : value.getClass().getName(),
          "cannot be written as JSON: " + e.getOriginalMessage());
    }
  }

  @Override
  public <T> T decode(byte[] payload, Class<T> type) {
    try {
      return mapper.readValue(payload, type);
    } catch (IOException e) {
      throw new InvalidOptionException("payload", payload.length + " bytes",
          "cannot be read as JSON " + type.getSimpleName() + ": " + e.getMessage());
    }
  }
}
