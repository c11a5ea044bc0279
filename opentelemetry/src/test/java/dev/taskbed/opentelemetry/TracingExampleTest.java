package dev.taskbed.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.Handler;
import dev.taskbed.ServeMux;
import dev.taskbed.Server;
import dev.taskbed.Task;
import dev.taskbed.WorkerConfig;
import dev.taskbed.env.VirtualEnvironment;
import dev.taskbed.inmemory.InMemoryBroker;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's wiring, run on the in-memory broker in virtual time: the spans it records form the
 * tree the README shows (the region {@code spans} below, which {@link ReadmeTest} finds there).
 */
class TracingExampleTest {
  private static final Path SOURCE = Path.of("src/test/java/dev/taskbed/opentelemetry/TracingExampleTest.java");

  private final VirtualEnvironment env = new VirtualEnvironment(7L);
  private final InMemoryBroker broker = new InMemoryBroker(env.clock());
  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();

  @Test
  void the_readme_wiring_traces_a_request_through_its_enqueue_into_the_handlers_own_spans() throws Exception {
    Tracer signup = openTelemetry.getTracer("signup");
    Handler handler = (ctx, task) -> signup.spanBuilder("render email").startSpan().end();

    // README:wiring:begin
    TaskbedTracing tracing = TaskbedTracing.create(openTelemetry);

    // Producer side: each enqueue runs in a "send <queue>" span whose context goes into the task's headers.
    Client client = tracing.wrap(Client.create(broker, ClientConfig.defaults(), env));

    // Consumer side: each attempt runs in a "process <queue>" span, current while the handler runs.
    ServeMux mux = new ServeMux().use(tracing.middleware()).handle("email:welcome", handler);
    Server server = Server.create(broker, WorkerConfig.builder().queue("default", 1).build(), mux, env);
    server.start();
    // README:wiring:end

    Span request = signup.spanBuilder("POST /signup").startSpan();
    Scope scope = request.makeCurrent();
    try {
      client.enqueue(Task.json("email:welcome", "ada@example.com"));
    } finally {
      scope.close();
      request.end();
    }
    env.advance(Duration.ofSeconds(2));
    server.shutdown();

    // README:spans:begin
    // POST /signup (INTERNAL)
    //   send default (PRODUCER)
    //     process default (CONSUMER)
    //       render email (INTERNAL)
    // README:spans:end
    assertThat(tree(exporter.getFinishedSpanItems())).isEqualTo(Arrays.stream(ReadmeTest.region(SOURCE, "spans").split("\n"))
        .map(l -> l.substring("// ".length()) + "\n").collect(Collectors.joining()));
  }

  @Test
  void the_readme_options_build_a_linking_tracer_on_the_configured_propagators() {
    // README:options:begin
    TaskbedTracing tracing = TaskbedTracing.builder(openTelemetry)
        .consumerSpanRelation(ConsumerSpanRelation.LINK) // a trace per attempt, linked to the enqueue
        .propagator(openTelemetry.getPropagators().getTextMapPropagator()) // e.g. to carry baggage too
        .build();
    // README:options:end
    Client client = tracing.wrap(Client.create(broker, ClientConfig.defaults(), env));
    client.enqueue(Task.of("t", new byte[0]));
    assertThat(exporter.getFinishedSpanItems()).singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo("send default"));
  }

  /** Each span as "name (KIND)", indented under its parent, children in start order. */
  private static String tree(List<SpanData> spans) {
    StringBuilder out = new StringBuilder();
    appendChildren(spans, SpanId.getInvalid(), 0, out);
    return out.toString();
  }

  private static void appendChildren(List<SpanData> spans, String parent, int depth, StringBuilder out) {
    spans.stream().filter(s -> s.getParentSpanId().equals(parent))
        .sorted((a, b) -> Long.compare(a.getStartEpochNanos(), b.getStartEpochNanos()))
        .forEach(s -> {
          out.append("  ".repeat(depth)).append(s.getName()).append(" (").append(s.getKind()).append(")\n");
          appendChildren(spans, s.getSpanId(), depth + 1, out);
        });
  }
}
