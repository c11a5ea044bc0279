package dev.taskbed.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.Handler;
import dev.taskbed.Inspector;
import dev.taskbed.Server;
import dev.taskbed.Task;
import dev.taskbed.WorkerConfig;
import dev.taskbed.env.Environment;
import dev.taskbed.env.VirtualEnvironment;
import dev.taskbed.inmemory.InMemoryBroker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's example, compiled and run: a worker's meters scraped over HTTP in Prometheus's format. */
class PrometheusExampleTest {

  /** What the README shows, with the broker and environment passed in. */
  static final class Example {
    Server server;
    Client client;
    QueueSizeGauges queueSizes;
    HttpServer http;

    void start(InMemoryBroker broker, Handler handler, Environment env, InetSocketAddress address) throws IOException {
      // README:wiring:begin
      PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      TaskbedMetrics metrics = new TaskbedMetrics(prometheus);

      client = Client.create(broker, ClientConfig.builder().listener(metrics).build(), env);
      server = Server.create(broker, WorkerConfig.builder().queue("default", 1).listener(metrics).build(), handler, env);
      server.start();
      // Queue sizes come from the inspector every 15 s, not at each scrape.
      queueSizes = QueueSizeGauges.start(Inspector.create(broker), prometheus, Duration.ofSeconds(15), env);

      // The scrape endpoint (any HTTP server will do; this one ships with the JDK).
      http = HttpServer.create(address, 0);
      http.createContext("/metrics", exchange -> {
        byte[] body = prometheus.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      http.start();
      // README:wiring:end
    }

    void stop() {
      http.stop(0);
      queueSizes.close();
    }
  }

  @Test
  void a_worker_s_meters_are_scraped_in_the_prometheus_format() throws Exception {
    VirtualEnvironment env = new VirtualEnvironment(7L);
    InMemoryBroker broker = new InMemoryBroker(env.clock());
    Example example = new Example();
    example.start(broker, (ctx, task) -> {
      if (task.payloadAsString().equals("fail")) {
        throw new IOException("smtp down");
      }
    }, env, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    try {
      example.client.enqueue(Task.builder("email").payload("ok").build());
      example.client.enqueue(Task.builder("email").payload("fail").build());
      env.advance(Duration.ofSeconds(15)); // one more queue-size sample; the retry is not due yet (15 s at least)

      HttpResponse<String> scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + example.http.getAddress().getPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(scrape.statusCode()).isEqualTo(200);
      // README:scrape:begin
      // taskbed_tasks_enqueued_total{outcome="created",queue="default",type="email"} 2.0
      // taskbed_tasks_processed_total{outcome="succeeded",queue="default",type="email"} 1.0
      // taskbed_tasks_processed_total{outcome="failed",queue="default",type="email"} 1.0
      // taskbed_tasks_duration_seconds_count{queue="default",type="email"} 2
      // taskbed_tasks_active{queue="default",type="email"} 0.0
      // taskbed_queue_size{queue="default",state="retry"} 1.0
      // taskbed_broker_reachable 1.0
      // README:scrape:end
      for (String line : ReadmeTest.region(Path.of("src/test/java/dev/taskbed/micrometer/PrometheusExampleTest.java"), "scrape").split("\n")) {
        assertThat(scrape.body()).contains(line.substring("// ".length()));
      }
      assertThat(scrape.body()).contains("taskbed_broker_calls_seconds_count{exception=\"none\",operation=\"claim\",outcome=\"success\"");
    } finally {
      example.stop();
    }
  }
}
