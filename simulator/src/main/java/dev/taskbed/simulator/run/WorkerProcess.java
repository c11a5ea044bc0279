package dev.taskbed.simulator.run;

import dev.taskbed.WorkerConfig;
import dev.taskbed.env.Environment;
import dev.taskbed.internal.WorkerEngine;
import dev.taskbed.simulator.config.TaskKind;
import dev.taskbed.spi.Broker;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * One named worker server of the fleet across its lives: a {@link WorkerEngine} running simulated
 * handlers in its own {@link WorkerProcessEnvironment}. A crash kills the engine and its process
 * environment at once; a restart starts a fresh engine (a new incarnation, as after a process
 * restart) with nothing carried over.
 */
final class WorkerProcess {
  private final String name;
  private final Broker broker;
  private final WorkerConfig config;
  private final Map<String, TaskKind> kindsByType;
  private final Environment shared;
  private final long seed;
  private WorkerProcessEnvironment env;
  private WorkerEngine engine;
  private int incarnation;

  WorkerProcess(String name, Broker broker, WorkerConfig config, Map<String, TaskKind> kindsByType,
      Environment shared, long seed) {
    this.name = name;
    this.broker = broker;
    this.config = config;
    this.kindsByType = kindsByType;
    this.shared = shared;
    this.seed = seed;
  }

  String name() {
    return name;
  }

  /** Starts a new incarnation; the previous one must be dead. */
  synchronized void start() {
    if (engine != null && !engine.isTerminated()) {
      throw new IllegalStateException(name + " is still running");
    }
    incarnation++;
    env = new WorkerProcessEnvironment(shared);
    engine = new WorkerEngine(broker, config, new SimulatedHandlers(kindsByType, env, seed), env, () -> {});
    engine.start();
  }

  /** {@code kill -9}: returns how many tasks the process held, or -1 if it was not running. */
  synchronized int crash() {
    if (engine == null || engine.isTerminated()) {
      return -1;
    }
    int held = engine.activeTasks();
    env.kill();
    engine.crash();
    return held;
  }

  /** Freezes the process; returns how many tasks it held, or -1 if it was not running or already frozen. */
  synchronized int stall() {
    if (engine == null || engine.isTerminated() || !env.stall()) {
      return -1;
    }
    return engine.activeTasks();
  }

  /** Ends a stall. */
  synchronized void resume() {
    if (env != null) {
      env.resume();
    }
  }

  synchronized boolean isRunning() {
    return engine != null && !engine.isTerminated();
  }

  /** Graceful shutdown of the current incarnation (ends a stall first). */
  synchronized CompletionStage<Void> shutdown() {
    resume();
    return engine.shutdownAsync();
  }

  synchronized int incarnation() {
    return incarnation;
  }
}
