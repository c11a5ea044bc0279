package dev.taskbed.redis.testing;

import dev.taskbed.Page;
import dev.taskbed.QueueStats;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.redis.AbstractRedisBroker;
import dev.taskbed.spi.BrokerAdmin;
import dev.taskbed.spi.ForwardingBroker;
import java.util.Optional;

/**
 * The base of test decorators over Redis brokers that the conformance kit drives through both
 * interfaces: every {@link dev.taskbed.spi.Broker} and {@link BrokerAdmin} call is forwarded to the
 * broker {@link #delegate()} returns for that call, so overriding it intercepts them all.
 */
public abstract class ForwardingRedisBroker extends ForwardingBroker implements BrokerAdmin {

  /** @param unused the superclass's delegate, never used: {@link #delegate()} picks the broker of each call */
  protected ForwardingRedisBroker(AbstractRedisBroker unused) {
    super(unused);
  }

  /** The broker this call goes to; called once per forwarded call. */
  @Override
  protected abstract AbstractRedisBroker delegate();

  @Override
  public QueueStats stats(String queue) {
    return delegate().stats(queue);
  }

  @Override
  public Page<TaskInfo> list(String queue, TaskState state, int offset, int limit) {
    return delegate().list(queue, state, offset, limit);
  }

  @Override
  public Optional<TaskInfo> get(String queue, String taskId) {
    return delegate().get(queue, taskId);
  }

  @Override
  public void delete(String queue, String taskId) {
    delegate().delete(queue, taskId);
  }

  @Override
  public void runNow(String queue, String taskId) {
    delegate().runNow(queue, taskId);
  }

  @Override
  public void archive(String queue, String taskId) {
    delegate().archive(queue, taskId);
  }

  @Override
  public void pause(String queue) {
    delegate().pause(queue);
  }

  @Override
  public void unpause(String queue) {
    delegate().unpause(queue);
  }
}
