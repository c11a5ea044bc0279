package dev.taskbed.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskbed.InvalidOptionException;
import java.io.IOException;

/** The one Jackson mapper behind the JSON payload helpers. */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new InvalidOptionException("payload", value == null ? null : value.getClass().getName(),
          "cannot be written as JSON: " + e.getOriginalMessage());
    }
  }

  public static <T> T read(byte[] json, Class<T> type) {
    try {
      return MAPPER.readValue(json, type);
    } catch (IOException e) {
      throw new InvalidOptionException("payload", json.length + " bytes",
          "cannot be read as JSON " + type.getSimpleName() + ": " + e.getMessage());
    }
  }
}
