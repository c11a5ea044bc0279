package dev.taskbed.opentelemetry;

import static dev.taskbed.opentelemetry.MessagingAttributes.BATCH_COUNT;
import static dev.taskbed.opentelemetry.MessagingAttributes.BODY_SIZE;
import static dev.taskbed.opentelemetry.MessagingAttributes.DESTINATION;
import static dev.taskbed.opentelemetry.MessagingAttributes.ENQUEUE_OUTCOME;
import static dev.taskbed.opentelemetry.MessagingAttributes.MESSAGE_ID;
import static dev.taskbed.opentelemetry.MessagingAttributes.OPERATION_NAME;
import static dev.taskbed.opentelemetry.MessagingAttributes.OPERATION_TYPE;
import static dev.taskbed.opentelemetry.MessagingAttributes.SEND;
import static dev.taskbed.opentelemetry.MessagingAttributes.SYSTEM;
import static dev.taskbed.opentelemetry.MessagingAttributes.SYSTEM_NAME;
import static dev.taskbed.opentelemetry.MessagingAttributes.TASK_TYPE;

import dev.taskbed.Client;
import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link Client} whose every enqueue runs in a PRODUCER span, whose context it writes into the
 * task's headers. A decorator rather than an {@code EnqueueInterceptor} plus a listener: the span
 * must end when the enqueue does, with its outcome, and an interceptor sees only the start; nor
 * can a later {@code Enqueued} event be matched to it for certain (the task id may not be fixed
 * yet, and a validation failure after the interceptor reports no event at all).
 */
final class TracingClient implements Client {
  private final Client delegate;
  private final Tracer tracer;
  private final TextMapPropagator propagator;

  TracingClient(Client delegate, Tracer tracer, TextMapPropagator propagator) {
    this.delegate = delegate;
    this.tracer = tracer;
    this.propagator = propagator;
  }

  @Override
  public EnqueueResult enqueue(Task task) {
    return enqueue(task, Objects.requireNonNull(task, "task").options());
  }

  @Override
  public EnqueueResult enqueue(Task task, TaskOptions options) {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(options, "options");
    Span span = start(task, options, 1);
    Scope scope = span.makeCurrent();
    try {
      EnqueueResult result = delegate.enqueue(inject(task, Context.current()), options);
      answered(span, result);
      return result;
    } catch (RuntimeException e) {
      Failures.record(span, e);
      throw e;
    } finally {
      scope.close();
      span.end();
    }
  }

  /**
   * One PRODUCER span per task, siblings under the caller's context, all covering the one batch
   * call: each task's consumer then descends from its own span.
   */
  @Override
  public List<EnqueueResult> enqueueAll(List<Task> tasks) {
    for (int i = 0; i < tasks.size(); i++) {
      Objects.requireNonNull(tasks.get(i), "task " + i); // before any span starts, so none is left open
    }
    List<Span> spans = new ArrayList<>(tasks.size());
    List<Task> traced = new ArrayList<>(tasks.size());
    for (Task task : tasks) {
      Span span = start(task, task.options(), tasks.size());
      spans.add(span);
      traced.add(inject(task, Context.current().with(span)));
    }
    try {
      List<EnqueueResult> results = delegate.enqueueAll(traced);
      for (int i = 0; i < spans.size(); i++) {
        answered(spans.get(i), results.get(i));
      }
      return results;
    } catch (RuntimeException e) {
      spans.forEach(span -> Failures.record(span, e));
      throw e;
    } finally {
      spans.forEach(Span::end);
    }
  }

  @Override
  public void close() {
    delegate.close();
  }

  private Span start(Task task, TaskOptions options, int batchSize) {
    var builder = tracer.spanBuilder(SEND + " " + options.queue())
        .setSpanKind(SpanKind.PRODUCER)
        .setAttribute(SYSTEM, SYSTEM_NAME)
        .setAttribute(DESTINATION, options.queue())
        .setAttribute(OPERATION_TYPE, SEND)
        .setAttribute(OPERATION_NAME, SEND)
        .setAttribute(TASK_TYPE, task.type())
        .setAttribute(BODY_SIZE, (long) task.payloadSize());
    if (batchSize > 1) {
      builder.setAttribute(BATCH_COUNT, (long) batchSize);
    }
    // A chosen id is known now, so a failed enqueue still names its task; a generated one comes
    // with the answer.
    options.taskId().ifPresent(id -> builder.setAttribute(MESSAGE_ID, id));
    return builder.startSpan();
  }

  private Task inject(Task task, Context context) {
    Map<String, String> fields = new LinkedHashMap<>();
    propagator.inject(context, fields, HeaderCarrier.SETTER);
    Task traced = task;
    for (Map.Entry<String, String> field : fields.entrySet()) {
      traced = traced.withHeader(field.getKey(), field.getValue());
    }
    return traced;
  }

  /** The broker's answer; in a batch a conflict, duplicate or unknown outcome is an answer, not an exception. */
  private static void answered(Span span, EnqueueResult result) {
    String outcome = result.outcome().name().toLowerCase(Locale.ROOT);
    span.setAttribute(MESSAGE_ID, result.taskId());
    span.setAttribute(ENQUEUE_OUTCOME, outcome);
    if (result.outcome() != EnqueueOutcome.CREATED && result.outcome() != EnqueueOutcome.EXISTING) {
      Failures.record(span, outcome, "enqueue of task " + result.taskId() + " answered " + outcome);
    }
  }
}
