package dev.taskbed.spi;

import dev.taskbed.Page;
import dev.taskbed.QueueStats;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import java.util.List;
import java.util.Optional;

/**
 * A {@link BrokerAdmin} that forwards every call to {@link #adminDelegate()}: the admin half of a
 * decorator, as {@link ForwardingBroker} is the broker half. Override what you need.
 *
 * <p>An interface, not a class, so that one decorator can forward both halves: extend
 * {@link ForwardingBroker} and implement this, and only {@link #adminDelegate()} is left to write.
 * Such a decorator answers {@link #queues()}, which both interfaces declare, through
 * {@link ForwardingBroker#queues()} (a class's method wins over an interface's default).
 *
 * <pre>{@code
 * class Recording extends ForwardingBroker implements ForwardingBrokerAdmin {
 *   private final InMemoryBroker inner;
 *   Recording(InMemoryBroker inner) { super(inner); this.inner = inner; }
 *   public BrokerAdmin adminDelegate() { return inner; }
 * }
 * }</pre>
 */
public interface ForwardingBrokerAdmin extends BrokerAdmin {

  /** The admin a call is forwarded to; called once per forwarded call. */
  BrokerAdmin adminDelegate();

  @Override
  default List<String> queues() {
    return adminDelegate().queues();
  }

  @Override
  default QueueStats stats(String queue) {
    return adminDelegate().stats(queue);
  }

  @Override
  default Page<TaskInfo> list(String queue, TaskState state, int offset, int limit) {
    return adminDelegate().list(queue, state, offset, limit);
  }

  @Override
  default Optional<TaskInfo> get(String queue, String taskId) {
    return adminDelegate().get(queue, taskId);
  }

  @Override
  default void delete(String queue, String taskId) {
    adminDelegate().delete(queue, taskId);
  }

  @Override
  default void runNow(String queue, String taskId) {
    adminDelegate().runNow(queue, taskId);
  }

  @Override
  default void archive(String queue, String taskId) {
    adminDelegate().archive(queue, taskId);
  }

  @Override
  default void pause(String queue) {
    adminDelegate().pause(queue);
  }

  @Override
  default void unpause(String queue) {
    adminDelegate().unpause(queue);
  }
}
