package dev.taskbed.env;

/** A scheduled action that can be cancelled; cancelling after it ran, or twice, does nothing. */
@FunctionalInterface
public interface Cancellable {
  void cancel();
}
