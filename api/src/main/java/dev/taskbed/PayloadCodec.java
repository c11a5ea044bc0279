package dev.taskbed;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskbed.internal.JacksonPayloadCodec;

/**
 * How a typed payload becomes a task's payload bytes and back: what {@link Task#json(String,
 * Object, PayloadCodec)} writes on the producer side and {@link TaskContext#payloadAs(Class)} reads
 * on the worker side (through {@link WorkerConfig#payloadCodec()}). Producers and workers of one
 * task type must agree on the codec.
 *
 * <p>The default, {@link #json()}, is JSON through Jackson with the JSR-310 and JDK 8 modules; an
 * application that already configures a Jackson {@link ObjectMapper} (Spring, for one) passes it to
 * {@link #jackson(ObjectMapper)}, and any other serialisation fits by implementing the two methods.
 *
 * <p>Implementations are thread-safe, and report a value they cannot encode, or bytes they cannot
 * decode, with an {@link InvalidOptionException} for the option {@code "payload"}.
 */
public interface PayloadCodec {

  /** The bytes for {@code value}. */
  byte[] encode(Object value);

  /** {@code payload} read as a {@code type}. */
  <T> T decode(byte[] payload, Class<T> type);

  /**
   * The default JSON codec: Jackson with the JSR-310 ({@code java.time}) and JDK 8 ({@code
   * Optional}) modules. Dates, times and durations are ISO-8601 strings ({@code
   * "2026-12-04T18:33:31Z"}, {@code "2026-12-04"}, {@code "PT5M"}), not numbers; an offset date-time
   * keeps its offset when read back; an empty {@code Optional} is {@code null}; properties the target
   * type does not know are ignored, so producers may add fields before workers know them.
   */
  static PayloadCodec json() {
    return JacksonPayloadCodec.DEFAULT;
  }

  /**
   * JSON through the application's own {@code mapper}, used exactly as configured (register the
   * JSR-310 and JDK 8 modules on it to carry dates and {@code Optional}; Spring Boot's mapper has
   * them). The mapper must not be reconfigured afterwards.
   */
  static PayloadCodec jackson(ObjectMapper mapper) {
    return new JacksonPayloadCodec(mapper);
  }
}
