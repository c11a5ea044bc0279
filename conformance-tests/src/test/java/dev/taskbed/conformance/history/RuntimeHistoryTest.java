package dev.taskbed.conformance.history;

import static dev.taskbed.conformance.assertions.TaskbedAssertions.assertClean;
import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.RetryDelayFunction;
import dev.taskbed.ServeMux;
import dev.taskbed.Server;
import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import dev.taskbed.WorkerConfig;
import dev.taskbed.env.VirtualEnvironment;
import dev.taskbed.inmemory.InMemoryBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The checker on a history the real runtime records (client, worker engine, heartbeats,
 * maintenance, all through the SPI), as the simulator and the chaos tests will use it.
 */
class RuntimeHistoryTest {

  @Test
  void the_history_of_the_runtime_processing_failing_and_delayed_tasks_is_clean() {
    VirtualEnvironment env = new VirtualEnvironment(7);
    InMemoryBroker inMemory = new InMemoryBroker(env.clock());
    // README:history:begin
    HistoryRecorder recorder = new HistoryRecorder(env.clock());      // virtual or system clock
    RecordingBroker broker = new RecordingBroker(inMemory, recorder); // give this to the runtime
    RecordingAdmin admin = new RecordingAdmin(inMemory, recorder);
    runStopAndDrain(broker, env);
    admin.read(List.of(TaskOptions.DEFAULT_QUEUE));                   // the final read
    HistoryReport report = HistoryChecker.builder().clockToleranceMillis(0).build() // 0: one clock
        .check(recorder.history());
    assertClean(report);                                              // or report.toMarkdown()
    // README:history:end
    assertThat(report.summary().tasksAcknowledged()).isEqualTo(61);
    assertThat(report.summary().deliveries()).isGreaterThanOrEqualTo(61 + 40 + 2);
    assertThat(report.summary().lossChecked()).isTrue();
    assertThat(inMemory.stats(TaskOptions.DEFAULT_QUEUE).archived()).isEqualTo(1);
  }

  /** 61 tasks through a worker: some succeed, some fail twice first, some are delayed, one is doomed. */
  private static void runStopAndDrain(RecordingBroker broker, VirtualEnvironment env) {
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    ServeMux mux = new ServeMux().handle("job", (ctx, task) -> {
      int n = runs.computeIfAbsent(task.payloadAsString(), k -> new AtomicInteger()).incrementAndGet();
      if (task.payloadAsString().startsWith("flaky") && n < 3) {
        throw new IllegalStateException("transient failure " + n);
      }
      if (task.payloadAsString().startsWith("doomed")) {
        throw new IllegalStateException("always fails");
      }
    });
    WorkerConfig config = WorkerConfig.builder().concurrency(3).leaseDuration(Duration.ofSeconds(10)).heartbeatInterval(Duration.ofSeconds(2))
        .retryDelay(RetryDelayFunction.fixed(Duration.ofSeconds(2))).build();
    Server server = Server.create(broker, config, mux, env);
    Client client = Client.create(broker, ClientConfig.defaults(), env);
    server.start();
    for (int i = 0; i < 20; i++) {
      client.enqueue(Task.builder("job").payload("ok-" + i).build());
      client.enqueue(Task.builder("job").payload("flaky-" + i).build(), TaskOptions.builder().maxRetry(5).build());
      client.enqueue(Task.builder("job").payload("later-" + i).build(),
          TaskOptions.builder().processIn(Duration.ofSeconds(i)).build());
    }
    client.enqueue(Task.builder("job").payload("doomed").build(), TaskOptions.builder().maxRetry(2).build());
    env.advance(Duration.ofMinutes(5));
    server.stop();
    env.advance(Duration.ofSeconds(30));
  }
}
