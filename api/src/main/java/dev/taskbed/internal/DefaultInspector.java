package dev.taskbed.internal;

import dev.taskbed.Inspector;
import dev.taskbed.InvalidOptionException;
import dev.taskbed.Page;
import dev.taskbed.QueueStats;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.spi.BrokerAdmin;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The {@link Inspector}: argument checks over {@link BrokerAdmin}. */
public final class DefaultInspector implements Inspector {
  private final BrokerAdmin admin;

  public DefaultInspector(BrokerAdmin admin) {
    this.admin = Objects.requireNonNull(admin, "admin");
  }

  @Override
  public List<String> queues() {
    return admin.queues();
  }

  @Override
  public QueueStats stats(String queue) {
    return admin.stats(Validation.queueName(queue));
  }

  @Override
  public Page<TaskInfo> list(String queue, TaskState state, int page, int pageSize) {
    Objects.requireNonNull(state, "state");
    Validation.atLeast("page", page, 0);
    Validation.atLeast("pageSize", pageSize, 1);
    long offset = (long) page * pageSize;
    if (offset > Integer.MAX_VALUE) {
      throw new InvalidOptionException("page", page, "too far: page * pageSize exceeds " + Integer.MAX_VALUE);
    }
    return admin.list(Validation.queueName(queue), state, (int) offset, pageSize);
  }

  @Override
  public Optional<TaskInfo> task(String queue, String taskId) {
    return admin.get(Validation.queueName(queue), Objects.requireNonNull(taskId, "taskId"));
  }

  @Override
  public void delete(String queue, String taskId) {
    admin.delete(Validation.queueName(queue), Objects.requireNonNull(taskId, "taskId"));
  }

  @Override
  public void runNow(String queue, String taskId) {
    admin.runNow(Validation.queueName(queue), Objects.requireNonNull(taskId, "taskId"));
  }

  @Override
  public void archive(String queue, String taskId) {
    admin.archive(Validation.queueName(queue), Objects.requireNonNull(taskId, "taskId"));
  }

  @Override
  public void pause(String queue) {
    admin.pause(Validation.queueName(queue));
  }

  @Override
  public void unpause(String queue) {
    admin.unpause(Validation.queueName(queue));
  }
}
