package dev.taskbed.conformance.assertions;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.TaskState;
import org.assertj.core.api.AbstractObjectAssert;

/** Assertions on an {@link EnqueueResult}. */
public final class EnqueueResultAssert extends AbstractObjectAssert<EnqueueResultAssert, EnqueueResult> {
  EnqueueResultAssert(EnqueueResult actual) {
    super(actual, EnqueueResultAssert.class);
  }

  /** A new task was created, now in {@code state}. */
  public EnqueueResultAssert wasCreated(TaskState state) {
    return is(EnqueueOutcome.CREATED, state);
  }

  /** The task already existed and is in {@code state} ({@code null}: it finished and only a tombstone is left). */
  public EnqueueResultAssert wasExisting(TaskState state) {
    return is(EnqueueOutcome.EXISTING, state);
  }

  public EnqueueResultAssert wasIdConflict() {
    return is(EnqueueOutcome.ID_CONFLICT, null);
  }

  public EnqueueResultAssert wasDuplicate() {
    return is(EnqueueOutcome.DUPLICATE, null);
  }

  private EnqueueResultAssert is(EnqueueOutcome outcome, TaskState state) {
    isNotNull();
    if (actual.outcome() != outcome || actual.state() != state) {
      failWithMessage("expected %s/%s to be %s with state %s but was %s with state %s", actual.queue(), actual.taskId(),
          outcome, state, actual.outcome(), actual.state());
    }
    return this;
  }
}
