package dev.taskbed.internal;

import dev.taskbed.InvalidOptionException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/** Input checks shared by the public API; each failure names the option and the value. */
public final class Validation {
  /** Longest queue name. */
  public static final int MAX_QUEUE_NAME_LENGTH = 64;
  /** Longest caller-chosen task id, in UTF-8 bytes. */
  public static final int MAX_TASK_ID_BYTES = 128;
  /** Most headers per task. */
  public static final int MAX_HEADERS = 64;
  /** Longest header name, in characters. */
  public static final int MAX_HEADER_NAME_LENGTH = 256;
  /** Longest header value, in characters. */
  public static final int MAX_HEADER_VALUE_LENGTH = 4096;

  private Validation() {}

  public static String taskType(String type) {
    if (type == null || type.isBlank()) {
      throw new InvalidOptionException("type", type, "must not be empty or blank");
    }
    if (type.length() > dev.taskbed.Task.MAX_TYPE_LENGTH) {
      throw new InvalidOptionException("type", type, "longer than " + dev.taskbed.Task.MAX_TYPE_LENGTH + " characters");
    }
    if (type.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidOptionException("type", type, "contains a control character");
    }
    return type;
  }

  /**
   * Queue names are 1–64 characters of {@code A-Z a-z 0-9 _ - . :}. Braces are excluded because the
   * Redis backends use {@code {queue}} as the Cluster hash tag.
   */
  public static String queueName(String queue) {
    if (queue == null || queue.isEmpty()) {
      throw new InvalidOptionException("queue", queue, "must not be empty");
    }
    if (queue.length() > MAX_QUEUE_NAME_LENGTH) {
      throw new InvalidOptionException("queue", queue, "longer than " + MAX_QUEUE_NAME_LENGTH + " characters");
    }
    for (int i = 0; i < queue.length(); i++) {
      char c = queue.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-' || c == '.' || c == ':';
      if (!ok) {
        throw new InvalidOptionException("queue", queue,
            "character '" + c + "' not allowed; use A-Z a-z 0-9 _ - . :");
      }
    }
    return queue;
  }

  public static String taskId(String id) {
    if (id == null || id.isEmpty()) {
      throw new InvalidOptionException("taskId", id, "must not be empty");
    }
    if (id.getBytes(StandardCharsets.UTF_8).length > MAX_TASK_ID_BYTES) {
      throw new InvalidOptionException("taskId", id, "longer than " + MAX_TASK_ID_BYTES + " UTF-8 bytes");
    }
    if (id.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new InvalidOptionException("taskId", id, "contains whitespace or a control character");
    }
    return id;
  }

  public static Map<String, String> headers(Map<String, String> headers) {
    Objects.requireNonNull(headers, "headers");
    if (headers.size() > MAX_HEADERS) {
      throw new InvalidOptionException("headers", headers.size() + " entries", "more than " + MAX_HEADERS);
    }
    headers.forEach((k, v) -> {
      if (k == null || k.isEmpty() || k.length() > MAX_HEADER_NAME_LENGTH) {
        throw new InvalidOptionException("header name", k, "must be 1-" + MAX_HEADER_NAME_LENGTH + " characters");
      }
      if (v == null || v.length() > MAX_HEADER_VALUE_LENGTH) {
        throw new InvalidOptionException("header " + k, v, "value must be non-null and at most " + MAX_HEADER_VALUE_LENGTH + " characters");
      }
    });
    return headers;
  }

  public static Duration positive(String option, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new InvalidOptionException(option, d, "must be > 0");
    }
    return d;
  }

  public static Duration nonNegative(String option, Duration d) {
    if (d == null || d.isNegative()) {
      throw new InvalidOptionException(option, d, "must be >= 0");
    }
    return d;
  }

  public static int atLeast(String option, int value, int min) {
    if (value < min) {
      throw new InvalidOptionException(option, value, "must be >= " + min);
    }
    return value;
  }
}
