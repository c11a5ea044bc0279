package dev.taskbed.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.EnqueueOutcome;
import dev.taskbed.Handler;
import dev.taskbed.RetryDelayFunction;
import dev.taskbed.ServeMux;
import dev.taskbed.Server;
import dev.taskbed.Task;
import dev.taskbed.TaskIdConflictException;
import dev.taskbed.TaskOptions;
import dev.taskbed.WorkerConfig;
import dev.taskbed.env.VirtualEnvironment;
import dev.taskbed.inmemory.InMemoryBroker;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Spans recorded by the SDK's in-memory exporter, for a client and a worker on the in-memory broker in virtual time. */
class TaskbedTracingTest {
  private final VirtualEnvironment env = new VirtualEnvironment(20261206L);
  private final InMemoryBroker broker = new InMemoryBroker(env.clock());
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .build();
  private final Tracer appTracer = otel.getTracer("the-application");
  private final List<Server> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(s -> s.shutdown());
    otel.close();
  }

  private Server worker(TaskbedTracing tracing, Handler handler) {
    ServeMux mux = new ServeMux().use(tracing.middleware()).handle("email", handler);
    Server server = Server.create(broker, WorkerConfig.builder().concurrency(1)
        .retryDelay(RetryDelayFunction.fixed(Duration.ofSeconds(1))).build(), mux, env);
    servers.add(server);
    server.start();
    return server;
  }

  private List<SpanData> spans(SpanKind kind) {
    return exporter.getFinishedSpanItems().stream().filter(s -> s.getKind() == kind).toList();
  }

  private SpanData only(SpanKind kind) {
    assertThat(spans(kind)).hasSize(1);
    return spans(kind).get(0);
  }

  private static <T> T attr(SpanData span, AttributeKey<T> key) {
    return span.getAttributes().get(key);
  }

  @Test
  void one_trace_runs_from_the_callers_span_through_the_enqueue_and_the_handler_to_the_handlers_own_spans() {
    TaskbedTracing tracing = TaskbedTracing.create(otel);
    Client client = tracing.wrap(Client.create(broker, ClientConfig.defaults(), env));
    List<Map<String, String>> headersSeen = new ArrayList<>();
    worker(tracing, (ctx, task) -> {
      headersSeen.add(task.headers());
      appTracer.spanBuilder("render template").startSpan().end();
    });

    Span request = appTracer.spanBuilder("POST /signup").startSpan();
    Scope scope = request.makeCurrent();
    try {
      client.enqueue(Task.of("email", "hi".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          TaskOptions.builder().taskId("t-1").build());
    } finally {
      scope.close();
      request.end();
    }
    env.advance(Duration.ofSeconds(2));

    List<SpanData> internal = spans(SpanKind.INTERNAL);
    SpanData signup = internal.stream().filter(s -> s.getName().equals("POST /signup")).findFirst().orElseThrow();
    SpanData render = internal.stream().filter(s -> s.getName().equals("render template")).findFirst().orElseThrow();
    SpanData send = only(SpanKind.PRODUCER);
    SpanData process = only(SpanKind.CONSUMER);

    assertThat(List.of(send, process, render)).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(signup.getTraceId()));
    assertThat(send.getParentSpanId()).isEqualTo(signup.getSpanId());
    assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
    assertThat(process.getParentSpanContext().isRemote()).as("the parent came through the headers").isTrue();
    assertThat(render.getParentSpanId()).as("the handler's spans are the consumer span's children").isEqualTo(process.getSpanId());
    assertThat(headersSeen).singleElement().satisfies(h -> assertThat(h.get("traceparent"))
        .startsWith("00-" + send.getTraceId() + "-" + send.getSpanId() + "-"));

    assertThat(send.getName()).isEqualTo("send default");
    assertThat(send.getAttributes().asMap()).isEqualTo(Attributes.builder()
        .put("messaging.system", "taskbed").put("messaging.destination.name", "default")
        .put("messaging.operation.type", "send").put("messaging.operation.name", "send")
        .put("messaging.message.id", "t-1").put("messaging.message.body.size", 2L)
        .put("messaging.taskbed.task.type", "email").put("messaging.taskbed.enqueue.outcome", "created").build().asMap());
    assertThat(send.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(process.getName()).isEqualTo("process default");
    assertThat(process.getAttributes().asMap()).isEqualTo(Attributes.builder()
        .put("messaging.system", "taskbed").put("messaging.destination.name", "default")
        .put("messaging.operation.type", "process").put("messaging.operation.name", "process")
        .put("messaging.message.id", "t-1").put("messaging.message.body.size", 2L)
        .put("messaging.taskbed.task.type", "email").put("messaging.taskbed.retry_count", 0L).build().asMap());
    assertThat(process.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void a_retried_task_has_one_consumer_span_per_attempt_in_the_producers_trace_and_the_failure_is_recorded() {
    TaskbedTracing tracing = TaskbedTracing.create(otel);
    Client client = tracing.wrap(Client.create(broker, ClientConfig.defaults(), env));
    AtomicInteger calls = new AtomicInteger();
    worker(tracing, (ctx, task) -> {
      if (calls.incrementAndGet() == 1) {
        throw new IOException("smtp down");
      }
    });

    client.enqueue(Task.of("email", new byte[0]));
    env.advance(Duration.ofSeconds(5));

    SpanData send = only(SpanKind.PRODUCER);
    List<SpanData> attempts = spans(SpanKind.CONSUMER);
    assertThat(calls).hasValue(2);
    assertThat(attempts).hasSize(2).allSatisfy(a -> {
      assertThat(a.getTraceId()).isEqualTo(send.getTraceId());
      assertThat(a.getParentSpanId()).isEqualTo(send.getSpanId());
      assertThat(attr(a, MessagingAttributes.MESSAGE_ID)).isEqualTo(attr(send, MessagingAttributes.MESSAGE_ID)).isNotNull();
    });
    SpanData failed = attempts.get(0);
    SpanData retried = attempts.get(1);
    assertThat(attr(failed, MessagingAttributes.RETRY_COUNT)).isZero();
    assertThat(attr(retried, MessagingAttributes.RETRY_COUNT)).isEqualTo(1L);
    assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(failed.getStatus().getDescription()).isEqualTo("smtp down");
    assertThat(attr(failed, MessagingAttributes.ERROR_TYPE)).isEqualTo("java.io.IOException");
    assertThat(failed.getEvents()).extracting(EventData::getName).containsExactly("exception");
    assertThat(failed.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("exception.type"))).isEqualTo("java.io.IOException");
    assertThat(retried.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(retried.getEvents()).isEmpty();
    assertThat(retried.getStartEpochNanos()).isGreaterThanOrEqualTo(failed.getEndEpochNanos());
  }

  @Test
  void in_link_mode_each_attempt_starts_its_own_trace_linked_to_the_producer_span() {
    TaskbedTracing tracing = TaskbedTracing.builder(otel).consumerSpanRelation(ConsumerSpanRelation.LINK).build();
    Client client = tracing.wrap(Client.create(broker, ClientConfig.defaults(), env));
    List<String> handlerTraces = new ArrayList<>();
    worker(tracing, (ctx, task) -> handlerTraces.add(Span.current().getSpanContext().getTraceId()));

    client.enqueue(Task.of("email", new byte[0]));
    env.advance(Duration.ofSeconds(2));

    SpanData send = only(SpanKind.PRODUCER);
    SpanData process = only(SpanKind.CONSUMER);
    assertThat(process.getTraceId()).isNotEqualTo(send.getTraceId());
    assertThat(process.getParentSpanContext().isValid()).as("a root span").isFalse();
    assertThat(process.getLinks()).singleElement().satisfies(link ->
        assertThat(link.getSpanContext()).extracting(c -> c.getTraceId(), c -> c.getSpanId())
            .containsExactly(send.getTraceId(), send.getSpanId()));
    assertThat(handlerTraces).as("the consumer span is current in the handler").containsExactly(process.getTraceId());
  }

  @Test
  void a_refused_enqueue_ends_its_producer_span_with_the_error_and_the_chosen_task_id() {
    TaskbedTracing tracing = TaskbedTracing.create(otel);
    Client client = tracing.wrap(Client.create(broker, ClientConfig.defaults(), env));
    TaskOptions id = TaskOptions.builder().taskId("same").build();
    client.enqueue(Task.of("email", new byte[] {1}), id);

    assertThatThrownBy(() -> client.enqueue(Task.of("email", new byte[] {2}), id)).isInstanceOf(TaskIdConflictException.class);

    List<SpanData> sends = spans(SpanKind.PRODUCER);
    assertThat(sends).hasSize(2);
    SpanData refused = sends.get(1);
    assertThat(refused.hasEnded()).isTrue();
    assertThat(refused.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(attr(refused, MessagingAttributes.MESSAGE_ID)).isEqualTo("same");
    assertThat(attr(refused, MessagingAttributes.ERROR_TYPE)).isEqualTo(TaskIdConflictException.class.getName());
    assertThat(refused.getEvents()).extracting(EventData::getName).containsExactly("exception");
    assertThat(sends.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void a_batch_enqueue_gives_each_task_its_own_producer_span_and_each_consumer_descends_from_its_own() {
    TaskbedTracing tracing = TaskbedTracing.create(otel);
    Client client = tracing.wrap(Client.create(broker, ClientConfig.defaults(), env));
    worker(tracing, (ctx, task) -> {});
    Task first = Task.of("email", new byte[] {1}).withOptions(TaskOptions.builder().taskId("a").build());
    Task second = Task.of("email", new byte[] {2}).withOptions(TaskOptions.builder().taskId("b").build());
    Task conflicting = Task.of("email", new byte[] {3}).withOptions(TaskOptions.builder().taskId("z").build());
    Client.create(broker, ClientConfig.defaults(), env).enqueue(Task.of("email", new byte[0]), TaskOptions.builder().taskId("z").build());

    var results = client.enqueueAll(List.of(first, second, conflicting));
    env.advance(Duration.ofSeconds(2));

    assertThat(results).extracting(r -> r.outcome())
        .containsExactly(EnqueueOutcome.CREATED, EnqueueOutcome.CREATED, EnqueueOutcome.ID_CONFLICT);
    List<SpanData> sends = spans(SpanKind.PRODUCER);
    assertThat(sends).extracting(s -> attr(s, MessagingAttributes.MESSAGE_ID)).containsExactly("a", "b", "z");
    assertThat(sends).allSatisfy(s -> assertThat(attr(s, MessagingAttributes.BATCH_COUNT)).isEqualTo(3L));
    assertThat(sends).extracting(s -> s.getStatus().getStatusCode())
        .containsExactly(StatusCode.UNSET, StatusCode.UNSET, StatusCode.ERROR);
    assertThat(sends).extracting(SpanData::getSpanId).doesNotHaveDuplicates();
    List<SpanData> processed = spans(SpanKind.CONSUMER);
    assertThat(processed).hasSize(3).allSatisfy(p -> {
      String id = attr(p, MessagingAttributes.MESSAGE_ID);
      if (id.equals("z")) {
        assertThat(p.getParentSpanContext().isValid()).as("enqueued untraced").isFalse();
      } else {
        assertThat(p.getParentSpanId()).isEqualTo(sends.get(id.equals("a") ? 0 : 1).getSpanId());
      }
    });
  }

  @Test
  void a_task_enqueued_without_tracing_is_processed_in_a_root_consumer_span() {
    TaskbedTracing tracing = TaskbedTracing.create(otel);
    Client plain = Client.create(broker, ClientConfig.defaults(), env);
    worker(tracing, (ctx, task) -> {});

    plain.enqueue(Task.of("email", new byte[0]));
    env.advance(Duration.ofSeconds(2));

    assertThat(spans(SpanKind.PRODUCER)).isEmpty();
    SpanData process = only(SpanKind.CONSUMER);
    assertThat(process.getParentSpanContext().isValid()).isFalse();
    assertThat(process.getLinks()).isEmpty();
  }

  /**
   * Pins a limitation the README states: the trace headers are part of the task's content hash, so
   * an application that re-enqueues a task under the same chosen id through a tracing client meets
   * the first enqueue's headers and is refused, where without tracing it would get EXISTING. (The
   * client's own retries of one enqueue resend the same headers and are unaffected.)
   */
  @Test
  void re_enqueueing_a_chosen_id_through_a_tracing_client_conflicts_because_the_trace_context_is_content() {
    TaskbedTracing tracing = TaskbedTracing.create(otel);
    Client client = tracing.wrap(Client.create(broker, ClientConfig.defaults(), env));
    Task task = Task.of("email", new byte[] {1});
    TaskOptions id = TaskOptions.builder().taskId("once").build();
    client.enqueue(task, id);

    assertThatThrownBy(() -> client.enqueue(task, id)).isInstanceOf(TaskIdConflictException.class);
  }
}
