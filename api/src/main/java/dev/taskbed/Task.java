package dev.taskbed;

import dev.taskbed.internal.Validation;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A unit of work: a {@code type} that routes it to a handler (e.g. {@code "email:send"}), an opaque
 * byte payload, optional string headers, and the {@link TaskOptions} it is enqueued with by default.
 *
 * <p>Immutable and thread-safe. The payload is copied in and out. JSON payloads are the common
 * case: {@link #json(String, Object)} serialises a value with {@link PayloadCodec#json()} (Jackson,
 * {@code java.time} values as ISO-8601 strings) and {@link #payloadAs(Class)} reads it back; the
 * overloads taking a {@link PayloadCodec} use the application's own (e.g. its {@code ObjectMapper}).
 */
public final class Task {
  /** Longest accepted task type, in characters. */
  public static final int MAX_TYPE_LENGTH = 256;

  private final String type;
  private final byte[] payload;
  private final Map<String, String> headers;
  private final TaskOptions options;

  private Task(String type, byte[] payload, Map<String, String> headers, TaskOptions options) {
    this.type = Validation.taskType(type);
    this.payload = Objects.requireNonNull(payload, "payload").clone();
    this.headers = Collections.unmodifiableMap(new TreeMap<>(Validation.headers(headers)));
    this.options = Objects.requireNonNull(options, "options");
  }

  /** A task with a raw payload, no headers and default options. */
  public static Task of(String type, byte[] payload) {
    return new Task(type, payload, Map.of(), TaskOptions.defaults());
  }

  /**
   * A task whose payload is {@code value} serialised as JSON by {@link PayloadCodec#json()}.
   *
   * @throws InvalidOptionException if the value cannot be written
   */
  public static Task json(String type, Object value) {
    return json(type, value, PayloadCodec.json());
  }

  /** A task whose payload is {@code value} encoded by {@code codec}, e.g. {@link PayloadCodec#jackson}. */
  public static Task json(String type, Object value, PayloadCodec codec) {
    return new Task(type, codec.encode(value), Map.of(), TaskOptions.defaults());
  }

  /** Starts building a task of this type with an empty payload. */
  public static Builder builder(String type) {
    return new Builder(type);
  }

  /**
   * This task with one more header (replacing a header of the same name); the rest is shared. For
   * an {@link EnqueueInterceptor} that adds headers at every enqueue.
   */
  public Task withHeader(String name, String value) {
    Map<String, String> more = new TreeMap<>(headers);
    more.put(name, value);
    return new Task(type, payload, more, options);
  }

  /** This task with other default options; the type, payload and headers are shared. */
  public Task withOptions(TaskOptions options) {
    return new Task(type, payload, headers, options);
  }

  /** The routing key handlers are registered under. */
  public String type() {
    return type;
  }

  /** A copy of the payload bytes. */
  public byte[] payload() {
    return payload.clone();
  }

  /** Payload length in bytes, without copying it. */
  public int payloadSize() {
    return payload.length;
  }

  /** The payload decoded as UTF-8 text. */
  public String payloadAsString() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  /**
   * The payload read as JSON into {@code type} by {@link PayloadCodec#json()}. In a handler,
   * {@link TaskContext#payloadAs(Class)} uses the worker's configured codec instead.
   *
   * @throws InvalidOptionException if it does not parse
   */
  public <T> T payloadAs(Class<T> type) {
    return payloadAs(type, PayloadCodec.json());
  }

  /** The payload decoded into {@code type} by {@code codec}. */
  public <T> T payloadAs(Class<T> type, PayloadCodec codec) {
    return codec.decode(payload, type);
  }

  /** Headers, sorted by name; unmodifiable. */
  public Map<String, String> headers() {
    return headers;
  }

  /** The options used when the task is enqueued without explicit options. */
  public TaskOptions options() {
    return options;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Task t
        && type.equals(t.type)
        && Arrays.equals(payload, t.payload)
        && headers.equals(t.headers)
        && options.equals(t.options);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, Arrays.hashCode(payload), headers, options);
  }

  @Override
  public String toString() {
    return "Task{type=" + type + ", payload=" + payload.length + " bytes, headers=" + headers + ", " + options + "}";
  }

  /** Builds a {@link Task}; not thread-safe. */
  public static final class Builder {
    private final String type;
    private byte[] payload = new byte[0];
    private final Map<String, String> headers = new LinkedHashMap<>();
    private TaskOptions options = TaskOptions.defaults();

    private Builder(String type) {
      this.type = Validation.taskType(type);
    }

    public Builder payload(byte[] payload) {
      this.payload = Objects.requireNonNull(payload, "payload").clone();
      return this;
    }

    public Builder payload(String utf8) {
      this.payload = utf8.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /** The payload: {@code value} as JSON by {@link PayloadCodec#json()}. */
    public Builder json(Object value) {
      return json(value, PayloadCodec.json());
    }

    /** The payload: {@code value} encoded by {@code codec}. */
    public Builder json(Object value, PayloadCodec codec) {
      this.payload = codec.encode(value);
      return this;
    }

    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Builder headers(Map<String, String> headers) {
      this.headers.putAll(headers);
      return this;
    }

    public Builder options(TaskOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    public Task build() {
      return new Task(type, payload, headers, options);
    }
  }
}
