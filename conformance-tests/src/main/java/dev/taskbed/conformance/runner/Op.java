package dev.taskbed.conformance.runner;

import java.util.List;

/**
 * One generated step of a sequence. Steps are symbolic where they refer to earlier results (a
 * lease "the 3rd handed out", a task "the 2nd enqueued", "the next lease expiry"), so a sequence
 * still means something after shrinking removed steps before it.
 */
interface Op {

  /** The concrete call this step makes in the current run, or {@code null} when nothing fits. */
  Call resolve(RunState state);

  /** Simpler variants of this step, most aggressive first. */
  default List<Op> simplifications() {
    return List.of();
  }
}
