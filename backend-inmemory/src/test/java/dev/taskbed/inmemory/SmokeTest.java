package dev.taskbed.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.Server;
import dev.taskbed.ServeMux;
import dev.taskbed.Task;
import dev.taskbed.TaskOptions;
import dev.taskbed.WorkerConfig;
import dev.taskbed.env.VirtualEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void runs_tasks_end_to_end_on_virtual_time() {
    VirtualEnvironment env = new VirtualEnvironment(1);
    InMemoryBroker broker = new InMemoryBroker(env.clock());
    List<String> seen = new ArrayList<>();
    ServeMux mux = new ServeMux().handle("t", (ctx, task) -> seen.add(task.payloadAsString()));
    Server server = Server.create(broker, WorkerConfig.builder().concurrency(2).build(), mux, env);
    Client client = Client.create(broker, ClientConfig.defaults(), env);
    server.start();
    client.enqueue(Task.builder("t").payload("a").build());
    client.enqueue(Task.builder("t").payload("b").build(), TaskOptions.builder().processIn(Duration.ofSeconds(3)).build());
    env.advance(Duration.ofSeconds(1));
    assertThat(seen).containsExactly("a");
    env.advance(Duration.ofSeconds(3));
    assertThat(seen).containsExactly("a", "b");
    assertThat(broker.stats("default").unfinished()).isZero();
  }
}
