package dev.taskbed.conformance.assertions;

import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import java.time.Instant;
import java.util.Objects;
import org.assertj.core.api.AbstractObjectAssert;

/** Assertions on one {@link TaskInfo}, in the contract's words. */
public final class TaskInfoAssert extends AbstractObjectAssert<TaskInfoAssert, TaskInfo> {
  TaskInfoAssert(TaskInfo actual) {
    super(actual, TaskInfoAssert.class);
  }

  public TaskInfoAssert isInState(TaskState expected) {
    isNotNull();
    if (actual.state() != expected) {
      failWithMessage("expected %s/%s to be %s but it is %s: %s", actual.queue(), actual.id(), expected, actual.state(), actual);
    }
    return this;
  }

  public TaskInfoAssert hasAttempts(int expected) {
    isNotNull();
    if (actual.attempts() != expected) {
      failWithMessage("expected %s to have %d counted attempts but it has %d: %s", actual.id(), expected, actual.attempts(), actual);
    }
    return this;
  }

  public TaskInfoAssert hasClaimSequence(long expected) {
    isNotNull();
    if (actual.claimSequence() != expected) {
      failWithMessage("expected %s to have been claimed %d times but it was %d times: %s", actual.id(), expected,
          actual.claimSequence(), actual);
    }
    return this;
  }

  /** SCHEDULED or RETRY and due at exactly {@code epochMillis}. */
  public TaskInfoAssert isDueAt(long epochMillis) {
    return hasInstant("nextProcessAt", actual.nextProcessAt(), epochMillis);
  }

  public TaskInfoAssert hasLeaseExpiringAt(long epochMillis) {
    return hasInstant("leaseExpiresAt", actual.leaseExpiresAt(), epochMillis);
  }

  public TaskInfoAssert wasEnqueuedAt(long epochMillis) {
    return hasInstant("enqueuedAt", actual.enqueuedAt(), epochMillis);
  }

  public TaskInfoAssert wasArchivedAt(long epochMillis) {
    return hasInstant("archivedAt", actual.archivedAt(), epochMillis);
  }

  public TaskInfoAssert wasCompletedAt(long epochMillis) {
    return hasInstant("completedAt", actual.completedAt(), epochMillis);
  }

  public TaskInfoAssert hasLastError(String expected) {
    isNotNull();
    if (!Objects.equals(actual.lastError(), expected)) {
      failWithMessage("expected %s's last error to be <%s> but it is <%s>", actual.id(), expected, actual.lastError());
    }
    return this;
  }

  private TaskInfoAssert hasInstant(String field, Instant value, long epochMillis) {
    isNotNull();
    if (value == null || value.toEpochMilli() != epochMillis) {
      failWithMessage("expected %s's %s to be %d but it is %s: %s", actual.id(), field, epochMillis,
          value == null ? "null" : value.toEpochMilli(), actual);
    }
    return this;
  }
}
