package dev.taskbed.simulator.process;

import dev.taskbed.BrokerUnavailableException;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.ForwardingBroker;
import dev.taskbed.spi.Subscription;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A shared broker as one process sees it: after the process is killed every call fails, so nothing
 * the dead process's remaining code does reaches the backend, and its wake-up subscriptions are
 * closed, as a dead process's connections are. Never closes the shared broker.
 */
final class ProcessBroker extends ForwardingBroker {
  private final ProcessEnvironment process;

  ProcessBroker(Broker shared, ProcessEnvironment process) {
    super(shared);
    this.process = process;
  }

  @Override
  protected Broker delegate() {
    if (process.isKilled()) {
      throw new BrokerUnavailableException("process " + process.name() + " was killed; it makes no more calls");
    }
    return super.delegate();
  }

  @Override
  public Subscription onWorkAvailable(Collection<String> queues, Runnable listener) {
    Subscription s = delegate().onWorkAvailable(queues, listener);
    AtomicBoolean open = new AtomicBoolean(true);
    Subscription once = () -> {
      if (open.getAndSet(false)) {
        s.close();
      }
    };
    process.onKill(once::close);
    return once;
  }

  /** The shared broker belongs to the run, not to the process. */
  @Override
  public void close() {}
}
