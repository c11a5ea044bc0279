package dev.taskbed.simulator.process;

import dev.taskbed.Handler;
import dev.taskbed.Server;
import dev.taskbed.WorkerConfig;
import dev.taskbed.spi.Broker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One named worker server across its lives: a {@link Server}, built through the public API only,
 * in a {@link ProcessEnvironment} of its own. A crash kills that environment, which is all a
 * {@code kill -9} is from outside the process; a restart starts a fresh server in a fresh
 * environment (a new incarnation, as after a process restart, with nothing carried over).
 * Thread-safe.
 */
public final class WorkerProcess implements AutoCloseable {
  private final String name;
  private final Broker broker;
  private final WorkerConfig config;
  private final Function<ProcessEnvironment, Handler> handlers;
  private final Supplier<ProcessEnvironment> environments;
  private ProcessEnvironment env;
  private Server server;
  private CompletableFuture<Void> shutdown;
  private int incarnation;

  /**
   * @param broker the run's broker; each incarnation sees it through its environment
   *     ({@link ProcessEnvironment#broker})
   * @param handlers the handler of an incarnation, given its environment (to sleep on)
   * @param environments a fresh environment for each incarnation, named after the worker
   */
  public WorkerProcess(String name, Broker broker, WorkerConfig config, Function<ProcessEnvironment, Handler> handlers,
      Supplier<ProcessEnvironment> environments) {
    this.name = name;
    this.broker = broker;
    this.config = config;
    this.handlers = handlers;
    this.environments = environments;
  }

  public String name() {
    return name;
  }

  /** Starts a new incarnation; the previous one must be dead or shut down. */
  public synchronized void start() {
    if (isRunning()) {
      throw new IllegalStateException(name + " is still running");
    }
    incarnation++;
    env = environments.get();
    server = Server.create(env.broker(broker), config, handlers.apply(env), env);
    shutdown = null;
    server.start();
  }

  /** {@code kill -9}: returns how many tasks the process held, or -1 if it was not running. */
  public synchronized int crash() {
    if (!isRunning()) {
      return -1;
    }
    int held = server.activeTasks();
    env.kill();
    return held;
  }

  /** Freezes the process; returns how many tasks it held, or -1 if it was not running or already frozen. */
  public synchronized int stall() {
    if (!isRunning() || !env.stall()) {
      return -1;
    }
    return server.activeTasks();
  }

  /** Ends a stall. */
  public synchronized void resume() {
    if (env != null) {
      env.resume();
    }
  }

  /** Whether the current incarnation is alive and has not finished a graceful shutdown. */
  public synchronized boolean isRunning() {
    return server != null && !env.isKilled() && (shutdown == null || !shutdown.isDone());
  }

  /** Graceful shutdown of the current incarnation (ends a stall first). */
  public synchronized CompletionStage<Void> shutdown() {
    resume();
    if (shutdown == null) {
      shutdown = server.shutdownAsync().toCompletableFuture();
    }
    return shutdown;
  }

  /** Tasks the current incarnation holds; 0 when there is none. */
  public synchronized int activeTasks() {
    return server == null ? 0 : server.activeTasks();
  }

  public synchronized int incarnation() {
    return incarnation;
  }

  /** Releases the current incarnation's threads (after it was shut down or killed). */
  @Override
  public synchronized void close() {
    if (env != null) {
      env.close();
    }
  }
}
