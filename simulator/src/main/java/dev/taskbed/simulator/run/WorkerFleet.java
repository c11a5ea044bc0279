package dev.taskbed.simulator.run;

import dev.taskbed.WorkerConfig;
import dev.taskbed.simulator.config.TaskKind;
import dev.taskbed.simulator.config.WorkerFleetSpec;
import dev.taskbed.simulator.process.WorkerProcess;
import dev.taskbed.spi.Broker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The worker servers of a run, by name ({@code worker-1}...), each a process of the run's clockwork. */
final class WorkerFleet {
  private final List<WorkerProcess> processes = new ArrayList<>();

  WorkerFleet(WorkerFleetSpec spec, Broker broker, Map<String, TaskKind> kindsByType, Clockwork clockwork, long seed) {
    WorkerConfig config = spec.toWorkerConfig();
    for (int i = 0; i < spec.servers(); i++) {
      String name = spec.workerName(i);
      processes.add(new WorkerProcess(name, broker, config, env -> new SimulatedHandlers(kindsByType, env, seed),
          () -> clockwork.process(name)));
    }
  }

  void startAll() {
    processes.forEach(WorkerProcess::start);
  }

  WorkerProcess get(String name) {
    return processes.stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no worker " + name));
  }

  List<WorkerProcess> all() {
    return Collections.unmodifiableList(processes);
  }

  /** Gracefully shuts every running worker down; the future completes when all have terminated. */
  CompletableFuture<Void> shutdownAll() {
    List<CompletableFuture<Void>> done = new ArrayList<>();
    for (WorkerProcess p : processes) {
      if (p.isRunning()) {
        done.add(p.shutdown().toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(done.toArray(new CompletableFuture<?>[0]));
  }

  /** Releases every worker's threads once the run is over. */
  void close() {
    processes.forEach(WorkerProcess::close);
  }
}
