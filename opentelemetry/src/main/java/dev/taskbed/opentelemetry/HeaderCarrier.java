package dev.taskbed.opentelemetry;

import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Map;

/** Reads and writes a propagator's fields as task headers (string to string, as W3C trace context needs). */
final class HeaderCarrier {
  static final TextMapGetter<Map<String, String>> GETTER = (headers, name) -> headers == null ? null : headers.get(name);

  /** Collects into a mutable map; the task is then rebuilt with those headers. */
  static final TextMapSetter<Map<String, String>> SETTER = (headers, name, value) -> {
    if (headers != null) {
      headers.put(name, value);
    }
  };

  private HeaderCarrier() {}
}
