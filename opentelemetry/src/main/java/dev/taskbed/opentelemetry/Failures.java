package dev.taskbed.opentelemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/** How a failure shows on a span: status ERROR, an exception event, and {@code error.type}. */
final class Failures {
  private Failures() {}

  static void record(Span span, Throwable t) {
    span.recordException(t);
    span.setAttribute(MessagingAttributes.ERROR_TYPE, t.getClass().getName());
    span.setStatus(StatusCode.ERROR, t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
  }

  static void record(Span span, String errorType, String description) {
    span.setAttribute(MessagingAttributes.ERROR_TYPE, errorType);
    span.setStatus(StatusCode.ERROR, description);
  }
}
