package dev.taskbed.event;

import java.util.List;

/**
 * Observes the runtime: what happens to tasks ({@code Client} and {@code Server}) and to the broker
 * connection. Registered with {@code WorkerConfig.Builder.listener} and
 * {@code ClientConfig.Builder.listener}; logging and metrics are listeners.
 *
 * <p>Every method has a no-op default, so a listener overrides only what it needs. Methods are
 * called synchronously on runtime threads (a handler's thread, the engine's or a timer's), possibly
 * concurrently, so implementations must be thread-safe, fast and non-blocking. An exception thrown
 * by a listener is caught and logged by the runtime; it never changes what happens to a task.
 */
public interface TaskbedListener {

  /** A listener that calls each of {@code listeners} in order, each one isolated from the others' exceptions. */
  static TaskbedListener composite(List<? extends TaskbedListener> listeners) {
    return new CompositeListener(listeners);
  }

  default void onEnqueued(TaskbedEvent.Enqueued event) {}

  default void onStarted(TaskbedEvent.Started event) {}

  default void onSucceeded(TaskbedEvent.Succeeded event) {}

  default void onFailed(TaskbedEvent.Failed event) {}

  default void onRevoked(TaskbedEvent.Revoked event) {}

  default void onLeaseLost(TaskbedEvent.LeaseLost event) {}

  default void onCancelled(TaskbedEvent.Cancelled event) {}

  default void onRequeued(TaskbedEvent.Requeued event) {}

  default void onHandlerStuck(TaskbedEvent.HandlerStuck event) {}

  default void onLeasesRecovered(TaskbedEvent.LeasesRecovered event) {}

  default void onBrokerCall(TaskbedEvent.BrokerCall event) {}

  default void onBrokerUnreachable(TaskbedEvent.BrokerUnreachable event) {}

  default void onBrokerReachable(TaskbedEvent.BrokerReachable event) {}

  /** Calls the method of this listener that matches {@code event}'s kind. */
  default void accept(TaskbedEvent event) {
    if (event instanceof TaskbedEvent.Enqueued e) {
      onEnqueued(e);
    } else if (event instanceof TaskbedEvent.Started e) {
      onStarted(e);
    } else if (event instanceof TaskbedEvent.Succeeded e) {
      onSucceeded(e);
    } else if (event instanceof TaskbedEvent.Failed e) {
      onFailed(e);
    } else if (event instanceof TaskbedEvent.Revoked e) {
      onRevoked(e);
    } else if (event instanceof TaskbedEvent.LeaseLost e) {
      onLeaseLost(e);
    } else if (event instanceof TaskbedEvent.Cancelled e) {
      onCancelled(e);
    } else if (event instanceof TaskbedEvent.Requeued e) {
      onRequeued(e);
    } else if (event instanceof TaskbedEvent.HandlerStuck e) {
      onHandlerStuck(e);
    } else if (event instanceof TaskbedEvent.LeasesRecovered e) {
      onLeasesRecovered(e);
    } else if (event instanceof TaskbedEvent.BrokerCall e) {
      onBrokerCall(e);
    } else if (event instanceof TaskbedEvent.BrokerUnreachable e) {
      onBrokerUnreachable(e);
    } else if (event instanceof TaskbedEvent.BrokerReachable e) {
      onBrokerReachable(e);
    }
  }
}
