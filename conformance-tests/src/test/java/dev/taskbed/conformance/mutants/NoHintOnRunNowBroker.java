package dev.taskbed.conformance.mutants;

import dev.taskbed.inmemory.InMemoryBroker;

/**
 * Bug: the admin run-now moves the task to PENDING but, being an admin path, was written without
 * the wake-up the worker paths publish: idle workers miss the task the operator asked to run now.
 */
final class NoHintOnRunNowBroker extends HintMutingBroker {
  NoHintOnRunNowBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public void runNow(String queue, String taskId) {
    muted(() -> {
      super.runNow(queue, taskId);
      return null;
    });
  }
}
