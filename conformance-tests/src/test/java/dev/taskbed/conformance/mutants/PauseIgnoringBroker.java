package dev.taskbed.conformance.mutants;

import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import java.util.ArrayList;
import java.util.List;

/** Bug: claim never looks at the paused flag (it reads it from the wrong key), so paused queues keep serving. */
final class PauseIgnoringBroker extends ForwardingBroker {
  PauseIgnoringBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public synchronized ClaimResult claim(ClaimRequest r) {
    List<String> paused = new ArrayList<>();
    for (String q : r.queues()) {
      if (stats(q).paused()) {
        paused.add(q);
        unpause(q);
      }
    }
    try {
      return super.claim(r);
    } finally {
      paused.forEach(this::pause);
    }
  }
}
