package dev.taskbed.runtime;

import dev.taskbed.Client;
import dev.taskbed.ClientConfig;
import dev.taskbed.EnqueueResult;
import dev.taskbed.Inspector;
import dev.taskbed.Task;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskOptions;
import dev.taskbed.WorkerConfig;
import dev.taskbed.env.VirtualEnvironment;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.internal.WorkerEngine;
import dev.taskbed.spi.Broker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An in-memory broker, a client and workers on one virtual environment. */
final class Harness {
  final VirtualEnvironment env;
  final InMemoryBroker inMemory;
  final Broker broker;
  final Client client;
  final Inspector inspector;
  final ScriptedInvoker invoker;
  final List<WorkerEngine> workers = new ArrayList<>();
  final long t0;

  Harness() {
    this(null);
  }

  /** @param decorate wraps the in-memory broker for fault injection; null for none */
  Harness(java.util.function.UnaryOperator<Broker> decorate) {
    env = new VirtualEnvironment(20261128L);
    inMemory = new InMemoryBroker(env.clock());
    broker = decorate == null ? inMemory : decorate.apply(inMemory);
    client = Client.create(broker, ClientConfig.defaults(), env);
    inspector = Inspector.create(inMemory);
    invoker = new ScriptedInvoker(env);
    t0 = env.clock().millis();
  }

  /** Fast timings so tests cover many leases and retries in little virtual time. */
  static WorkerConfig.Builder config() {
    return WorkerConfig.builder()
        .concurrency(4)
        .leaseDuration(Duration.ofSeconds(2))
        .heartbeatInterval(Duration.ofMillis(500))
        .recoverInterval(Duration.ofMillis(500))
        .recoveryDelay(Duration.ofMillis(100))
        .forwardInterval(Duration.ofSeconds(1))
        .janitorInterval(Duration.ofSeconds(1))
        .cancelGrace(Duration.ofSeconds(1))
        .shutdownTimeout(Duration.ofSeconds(3))
        .retryDelay(dev.taskbed.RetryDelayFunction.fixed(Duration.ofSeconds(1)));
  }

  WorkerEngine startWorker(WorkerConfig config) {
    return startWorker(config, invoker);
  }

  WorkerEngine startWorker(WorkerConfig config, dev.taskbed.internal.TaskInvoker with) {
    WorkerEngine w = new WorkerEngine(broker, config, with, env, () -> {});
    workers.add(w);
    w.start();
    return w;
  }

  EnqueueResult enqueue(String type, TaskOptions.Builder options) {
    return client.enqueue(Task.of(type, new byte[0]), options.build());
  }

  EnqueueResult enqueue(String type) {
    return enqueue(type, TaskOptions.builder());
  }

  TaskInfo task(EnqueueResult r) {
    return inspector.task(r.queue(), r.taskId()).orElse(null);
  }

  /** Milliseconds of virtual time since the harness was created. */
  long elapsed() {
    return env.clock().millis() - t0;
  }

  void run(Duration d) {
    env.advance(d);
  }
}
