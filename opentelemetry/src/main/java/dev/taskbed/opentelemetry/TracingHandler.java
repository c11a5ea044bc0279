package dev.taskbed.opentelemetry;

import static dev.taskbed.opentelemetry.MessagingAttributes.BODY_SIZE;
import static dev.taskbed.opentelemetry.MessagingAttributes.DESTINATION;
import static dev.taskbed.opentelemetry.MessagingAttributes.MESSAGE_ID;
import static dev.taskbed.opentelemetry.MessagingAttributes.OPERATION_NAME;
import static dev.taskbed.opentelemetry.MessagingAttributes.OPERATION_TYPE;
import static dev.taskbed.opentelemetry.MessagingAttributes.PROCESS;
import static dev.taskbed.opentelemetry.MessagingAttributes.RETRY_COUNT;
import static dev.taskbed.opentelemetry.MessagingAttributes.SYSTEM;
import static dev.taskbed.opentelemetry.MessagingAttributes.SYSTEM_NAME;
import static dev.taskbed.opentelemetry.MessagingAttributes.TASK_TYPE;

import dev.taskbed.Handler;
import dev.taskbed.Task;
import dev.taskbed.TaskContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;

/**
 * Runs a handler inside a CONSUMER span, current while the handler runs so that the spans it starts
 * are its children. One span per attempt: a retried task has one per attempt, all with the
 * producer's context from the task's headers.
 */
final class TracingHandler implements Handler {
  private final Handler next;
  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final ConsumerSpanRelation relation;

  TracingHandler(Handler next, Tracer tracer, TextMapPropagator propagator, ConsumerSpanRelation relation) {
    this.next = next;
    this.tracer = tracer;
    this.propagator = propagator;
    this.relation = relation;
  }

  @Override
  public void handle(TaskContext ctx, Task task) throws Exception {
    // Based on the current context so that, without a trace context in the headers, a span the
    // caller made current (rare on a worker thread) still applies; headers win when present.
    Context producer = propagator.extract(Context.current(), task.headers(), HeaderCarrier.GETTER);
    SpanBuilder builder = tracer.spanBuilder(PROCESS + " " + ctx.queue())
        .setSpanKind(SpanKind.CONSUMER)
        .setAttribute(SYSTEM, SYSTEM_NAME)
        .setAttribute(DESTINATION, ctx.queue())
        .setAttribute(OPERATION_TYPE, PROCESS)
        .setAttribute(OPERATION_NAME, PROCESS)
        .setAttribute(MESSAGE_ID, ctx.taskId())
        .setAttribute(TASK_TYPE, task.type())
        .setAttribute(BODY_SIZE, (long) task.payloadSize())
        .setAttribute(RETRY_COUNT, (long) ctx.retryCount());
    Context base;
    if (relation == ConsumerSpanRelation.CHILD) {
      builder.setParent(producer);
      base = producer; // keeps the producer's baggage, if its propagator carried any
    } else {
      SpanContext producerSpan = Span.fromContext(producer).getSpanContext();
      builder.setNoParent();
      if (producerSpan.isValid()) {
        builder.addLink(producerSpan);
      }
      base = Context.current();
    }
    Span span = builder.startSpan();
    Scope scope = base.with(span).makeCurrent();
    try {
      next.handle(ctx, task);
    } catch (Throwable t) {
      Failures.record(span, t);
      throw t;
    } finally {
      scope.close();
      span.end();
    }
  }
}
