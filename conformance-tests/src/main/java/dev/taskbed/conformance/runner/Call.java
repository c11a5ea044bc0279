package dev.taskbed.conformance.runner;

import dev.taskbed.conformance.history.TaskKey;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One step made concrete for the current run: either a call made on both targets (the model and
 * the broker under test) whose outcomes are compared, or a move of the shared clock.
 *
 * @param description the call with its resolved arguments, as printed in traces
 * @param action the call on one target; {@code null} for a clock move
 * @param clockMove the clock move; {@code null} for a call
 * @param learn what the run learns from the model's outcome (leases handed out, requests sent)
 * @param subject the task the call is about, if one (invariants exempt a run-now's own subject)
 * @param runNow whether the call is an admin run-now
 * @param literal the same call as a step that names everything literally (null if the step already
 *     does), so a shrunk sequence can drop the steps a symbolic reference depended on
 */
record Call(
    String description,
    Function<Target, Object> action,
    Runnable clockMove,
    BiConsumer<RunState, Outcome> learn,
    TaskKey subject,
    boolean runNow,
    Op literal) {

  static Call on(String description, Function<Target, Object> action) {
    return new Call(description, action, null, (s, o) -> { }, null, false, null);
  }

  static Call clock(String description, Runnable move) {
    return new Call(description, null, Objects.requireNonNull(move), (s, o) -> { }, null, false, null);
  }

  Call learning(BiConsumer<RunState, Outcome> l) {
    return new Call(description, action, clockMove, l, subject, runNow, literal);
  }

  Call about(TaskKey task, boolean isRunNow) {
    return new Call(description, action, clockMove, learn, task, isRunNow, literal);
  }

  Call literally(Op op) {
    return new Call(description, action, clockMove, learn, subject, runNow, op);
  }

  boolean movesClock() {
    return clockMove != null;
  }
}
