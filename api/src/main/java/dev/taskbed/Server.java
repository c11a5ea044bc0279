package dev.taskbed;

import dev.taskbed.env.Environment;
import dev.taskbed.internal.WorkerEngine;
import dev.taskbed.spi.Broker;
import java.util.concurrent.CompletionStage;

/**
 * A worker process's task server: claims tasks from its queues, runs them through a
 * {@link Handler} with a concurrency limit, renews their leases, acks the outcome, and performs
 * the periodic maintenance (forwarding due tasks, recovering expired leases, purging expired
 * tasks) that any number of servers may run at once.
 *
 * <p>Lifecycle: {@link #start()}, then {@link #stop()} to stop claiming and/or {@link #shutdown()}
 * to finish gracefully. Thread-safe.
 */
public interface Server extends AutoCloseable {

  static Server create(Broker broker, WorkerConfig config, Handler handler) {
    return create(broker, config, handler, Environment.system());
  }

  /** A server whose time, timers, threads and randomness come from {@code env}. */
  static Server create(Broker broker, WorkerConfig config, Handler handler, Environment env) {
    return WorkerEngine.forHandler(broker, config, handler, env);
  }

  /** Starts claiming and maintenance. Throws {@link IllegalStateException} if already started. */
  void start();

  /**
   * Stops claiming new tasks; running tasks finish normally and leases keep being renewed. Tasks a
   * claim still in flight returns are given back untouched (requeued, no attempt counted); a claim
   * whose reply was lost is replayed once, so the tasks it leased are given back too.
   */
  void stop();

  /**
   * Graceful shutdown: stops claiming, waits up to {@link WorkerConfig#shutdownTimeout()} for
   * running handlers, then cancels the rest and requeues each one whose handler stops within
   * {@link WorkerConfig#cancelGrace()} (a handler that does not stop is left to lease expiry).
   * Tasks a claim still in flight returns are given back untouched, not started, as are those of a
   * claim whose reply was lost (replayed once for that). Completes when no task is held.
   */
  CompletionStage<Void> shutdownAsync();

  /** {@link #shutdownAsync()} and wait for it. Not for use on a virtual environment's driving thread. */
  default void shutdown() {
    shutdownAsync().toCompletableFuture().join();
  }

  /** Tasks currently held (running, being acked, or cancelled and awaiting their handler). */
  int activeTasks();

  @Override
  default void close() {
    shutdown();
  }
}
