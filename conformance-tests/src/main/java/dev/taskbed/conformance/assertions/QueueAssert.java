package dev.taskbed.conformance.assertions;

import dev.taskbed.QueueStats;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.spi.BrokerAdmin;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one queue as the admin interface shows it. */
public final class QueueAssert extends AbstractAssert<QueueAssert, String> {
  private final BrokerAdmin admin;

  QueueAssert(BrokerAdmin admin, String queue) {
    super(queue, QueueAssert.class);
    this.admin = admin;
  }

  /** Counts by state, in the order pending, active, scheduled, retry, archived, completed. */
  public QueueAssert hasCounts(long pending, long active, long scheduled, long retry, long archived, long completed) {
    QueueStats s = admin.stats(actual);
    QueueStats want = new QueueStats(actual, pending, active, scheduled, retry, archived, completed, s.paused());
    if (!s.equals(want)) {
      failWithMessage("expected queue %s to count %s but it counts %s", actual, want, s);
    }
    return this;
  }

  /** Exactly these tasks are in {@code state}, in listing order. */
  public QueueAssert lists(TaskState state, String... ids) {
    List<String> got = admin.list(actual, state, 0, 10_000).items().stream().map(TaskInfo::id).toList();
    if (!got.equals(Arrays.asList(ids))) {
      failWithMessage("expected queue %s to list %s as %s but it lists %s", actual, Arrays.asList(ids), state, got);
    }
    return this;
  }

  public QueueAssert hasTaskIn(String id, TaskState state) {
    Optional<TaskInfo> t = admin.get(actual, id);
    if (t.isEmpty() || t.get().state() != state) {
      failWithMessage("expected %s/%s to be %s but it is %s", actual, id, state, t.map(x -> x.state().toString()).orElse("absent"));
    }
    return this;
  }

  public QueueAssert hasNoTask(String id) {
    Optional<TaskInfo> t = admin.get(actual, id);
    if (t.isPresent()) {
      failWithMessage("expected no task %s in %s but found %s", id, actual, t.get());
    }
    return this;
  }

  public QueueAssert isPaused() {
    if (!admin.stats(actual).paused()) {
      failWithMessage("expected queue %s to be paused", actual);
    }
    return this;
  }

  public QueueAssert isNotPaused() {
    if (admin.stats(actual).paused()) {
      failWithMessage("expected queue %s not to be paused", actual);
    }
    return this;
  }
}
