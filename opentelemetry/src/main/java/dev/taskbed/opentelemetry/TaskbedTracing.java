package dev.taskbed.opentelemetry;

import dev.taskbed.Client;
import dev.taskbed.Handler;
import dev.taskbed.Middleware;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Objects;

/**
 * OpenTelemetry traces for Taskbed, following the messaging semantic conventions: a PRODUCER span
 * ({@code send <queue>}) around each enqueue of a {@linkplain #wrap(Client) wrapped client}, whose
 * trace context travels in the task's headers, and a CONSUMER span ({@code process <queue>})
 * around each attempt of a {@linkplain #wrap(Handler) wrapped handler}, the producer's child (or
 * linked to it, see {@link ConsumerSpanRelation}). Spans the handler starts are children of its
 * consumer span. A failed enqueue or attempt has status ERROR and the exception as an event.
 *
 * <p>Immutable and thread-safe; one instance may serve every client and worker of a process.
 */
public final class TaskbedTracing {
  /** The instrumentation scope name of the spans. */
  public static final String INSTRUMENTATION_NAME = "dev.taskbed.opentelemetry";

  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final ConsumerSpanRelation relation;

  private TaskbedTracing(Builder b) {
    this.tracer = b.openTelemetry.getTracer(INSTRUMENTATION_NAME);
    this.propagator = b.propagator;
    this.relation = b.relation;
  }

  /** Tracing through {@code openTelemetry} with the defaults of {@link Builder}. */
  public static TaskbedTracing create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /** Starts configuring tracing through {@code openTelemetry}. */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  /**
   * {@code client} with a PRODUCER span around each enqueue and the span's context written into
   * each task's headers. Closing the returned client closes {@code client}.
   */
  public Client wrap(Client client) {
    return new TracingClient(Objects.requireNonNull(client, "client"), tracer, propagator);
  }

  /** {@code handler} run inside a CONSUMER span per attempt, current while it runs. */
  public Handler wrap(Handler handler) {
    return new TracingHandler(Objects.requireNonNull(handler, "handler"), tracer, propagator, relation);
  }

  /**
   * The consumer side as {@link Middleware}, for {@code ServeMux.use}. Register it first, so that
   * the span covers the other middleware too.
   */
  public Middleware middleware() {
    return this::wrap;
  }

  /** Configures {@link TaskbedTracing}; not thread-safe. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private TextMapPropagator propagator = W3CTraceContextPropagator.getInstance();
    private ConsumerSpanRelation relation = ConsumerSpanRelation.CHILD;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /**
     * What writes and reads the headers; default W3C trace context ({@code traceparent},
     * {@code tracestate}) whatever {@code openTelemetry} is configured with, so that tracing works
     * even where its propagators were left at the SDK's no-op default. Pass
     * {@code openTelemetry.getPropagators().getTextMapPropagator()} to carry baggage too.
     */
    public Builder propagator(TextMapPropagator propagator) {
      this.propagator = Objects.requireNonNull(propagator, "propagator");
      return this;
    }

    /** Child of the producer span (default) or linked to it. */
    public Builder consumerSpanRelation(ConsumerSpanRelation relation) {
      this.relation = Objects.requireNonNull(relation, "relation");
      return this;
    }

    public TaskbedTracing build() {
      return new TaskbedTracing(this);
    }
  }
}
