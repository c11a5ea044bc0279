package dev.taskbed.simulator.run;

import dev.taskbed.WorkerConfig;
import dev.taskbed.env.Environment;
import dev.taskbed.simulator.config.TaskKind;
import dev.taskbed.simulator.config.WorkerFleetSpec;
import dev.taskbed.spi.Broker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The worker servers of a run, by name ({@code worker-1}...). */
final class WorkerFleet {
  private final List<WorkerProcess> processes = new ArrayList<>();

  WorkerFleet(WorkerFleetSpec spec, Broker broker, Map<String, TaskKind> kindsByType, Environment env, long seed) {
    WorkerConfig config = spec.toWorkerConfig();
    for (int i = 0; i < spec.servers(); i++) {
      processes.add(new WorkerProcess(spec.workerName(i), broker, config, kindsByType, env, seed));
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
}
