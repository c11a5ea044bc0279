package dev.taskbed.event;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls several listeners; what one throws is logged and kept from the others and from the runtime.
 * A failing listener is logged at WARN once, then at DEBUG, so a broken listener cannot flood the log.
 */
final class CompositeListener implements TaskbedListener {
  private static final Logger log = LoggerFactory.getLogger(TaskbedListener.class);

  private final List<TaskbedListener> listeners;
  private volatile boolean warned;

  CompositeListener(List<? extends TaskbedListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void accept(TaskbedEvent event) {
    for (TaskbedListener l : listeners) {
      try {
        l.accept(event);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) { // a listener's bug must not change what happens to a task
        if (!warned) {
          warned = true;
          log.warn("listener {} threw on {}; ignored (further listener failures logged at debug)",
              l.getClass().getName(), event.getClass().getSimpleName(), e);
        } else {
          log.debug("listener {} threw on {}; ignored", l.getClass().getName(), event.getClass().getSimpleName(), e);
        }
      }
    }
  }

  // Each typed method goes through accept, so a call on the composite is isolated too.
  @Override
  public void onEnqueued(TaskbedEvent.Enqueued e) {
    accept(e);
  }

  @Override
  public void onStarted(TaskbedEvent.Started e) {
    accept(e);
  }

  @Override
  public void onSucceeded(TaskbedEvent.Succeeded e) {
    accept(e);
  }

  @Override
  public void onFailed(TaskbedEvent.Failed e) {
    accept(e);
  }

  @Override
  public void onRevoked(TaskbedEvent.Revoked e) {
    accept(e);
  }

  @Override
  public void onLeaseLost(TaskbedEvent.LeaseLost e) {
    accept(e);
  }

  @Override
  public void onCancelled(TaskbedEvent.Cancelled e) {
    accept(e);
  }

  @Override
  public void onRequeued(TaskbedEvent.Requeued e) {
    accept(e);
  }

  @Override
  public void onHandlerStuck(TaskbedEvent.HandlerStuck e) {
    accept(e);
  }

  @Override
  public void onLeasesRecovered(TaskbedEvent.LeasesRecovered e) {
    accept(e);
  }

  @Override
  public void onBrokerCall(TaskbedEvent.BrokerCall e) {
    accept(e);
  }

  @Override
  public void onBrokerUnreachable(TaskbedEvent.BrokerUnreachable e) {
    accept(e);
  }

  @Override
  public void onBrokerReachable(TaskbedEvent.BrokerReachable e) {
    accept(e);
  }
}
