package dev.taskbed.simulator.backend;

import dev.taskbed.inmemory.InMemoryBroker;

/** The embedded reference backend, on the run's clock: the default, and the only deterministic one. */
public final class InMemoryBackendFactory implements BackendFactory {
  @Override
  public String name() {
    return "inmemory";
  }

  @Override
  public boolean supportsVirtualTime() {
    return true;
  }

  @Override
  public Backend open(BackendOptions options) {
    InMemoryBroker broker = new InMemoryBroker(options.clock());
    return new Backend(name(), "in-memory (embedded reference backend)", broker, broker, null);
  }
}
