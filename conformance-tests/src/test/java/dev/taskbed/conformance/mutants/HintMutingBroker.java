package dev.taskbed.conformance.mutants;

import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.Subscription;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * A broker whose listeners can be silenced for one call: the in-memory broker signals on the
 * calling thread, so a call made {@link #muted} sends no hint. The mutants that extend it each
 * forget the hint of one operation.
 */
abstract class HintMutingBroker extends ForwardingBroker {
  private final ThreadLocal<Boolean> muted = ThreadLocal.withInitial(() -> false);

  HintMutingBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  <T> T muted(Supplier<T> call) {
    muted.set(true);
    try {
      return call.get();
    } finally {
      muted.set(false);
    }
  }

  @Override
  public Subscription onWorkAvailable(Collection<String> queues, Runnable listener) {
    return super.onWorkAvailable(queues, () -> {
      if (!muted.get()) {
        listener.run();
      }
    });
  }
}
