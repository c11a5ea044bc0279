package dev.taskbed.redis;

import static dev.taskbed.redis.Resp.bytes;
import static dev.taskbed.redis.Resp.longAt;
import static dev.taskbed.redis.Resp.num;
import static dev.taskbed.redis.Resp.string;

import dev.taskbed.Page;
import dev.taskbed.QueueStats;
import dev.taskbed.TaskActiveException;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskNotFoundException;
import dev.taskbed.TaskState;
import dev.taskbed.TaskStateException;
import dev.taskbed.spi.BrokerAdmin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@link BrokerAdmin} on Redis: reads by script, the changing admin calls by script under a
 * request id per call, pausing by two plain commands, and the queues as the {@link QueueRegistry}
 * knows them. Thread-safe.
 */
final class RedisAdmin implements BrokerAdmin {
  private static final byte[] ONE = {'1'};

  private final ScriptCalls calls;
  private final QueueRegistry registry;

  RedisAdmin(ScriptCalls calls, QueueRegistry registry) {
    this.calls = calls;
    this.registry = registry;
  }

  @Override
  public List<String> queues() {
    return registry.queues();
  }

  @Override
  public QueueStats stats(String queue) {
    List<Object> r = Resp.list(calls.run(Script.STATS, queue, List.of()));
    return new QueueStats(queue, longAt(r, 0), longAt(r, 1), longAt(r, 2), longAt(r, 3), longAt(r, 4), longAt(r, 5),
        longAt(r, 6) == 1);
  }

  @Override
  public Page<TaskInfo> list(String queue, TaskState state, int offset, int limit) {
    if (offset < 0 || limit < 1) {
      throw new IllegalArgumentException("offset must be >= 0 and limit >= 1: " + offset + ", " + limit);
    }
    List<Object> r = Resp.list(calls.run(Script.LIST, queue, List.of(num(RecordCodec.stateCode(state)), num(offset), num(limit))));
    List<TaskInfo> items = new ArrayList<>();
    for (int i = 1; i + 2 < r.size(); i += 3) {
      items.add(RecordCodec.toTaskInfo(queue, string(r.get(i)), (byte[]) r.get(i + 1), longAt(r, i + 2)));
    }
    return new Page<>(items, longAt(r, 0) == 1);
  }

  @Override
  public Optional<TaskInfo> get(String queue, String taskId) {
    Object reply = calls.run(Script.GET, queue, List.of(bytes(taskId)));
    if (reply == null) {
      return Optional.empty();
    }
    List<Object> r = Resp.list(reply);
    return Optional.of(RecordCodec.toTaskInfo(queue, taskId, (byte[]) r.get(0), longAt(r, 1)));
  }

  @Override
  public void delete(String queue, String taskId) {
    refuse(queue, taskId, runAdmin(Script.DELETE, queue, taskId), "delete");
  }

  @Override
  public void runNow(String queue, String taskId) {
    refuse(queue, taskId, runAdmin(Script.RUN_NOW, queue, taskId), "run");
  }

  @Override
  public void archive(String queue, String taskId) {
    refuse(queue, taskId, runAdmin(Script.ADMIN_ARCHIVE, queue, taskId), "archive");
  }

  /**
   * An admin script under a request id drawn for this call, so that every resend of it (after a
   * lost reply) is answered as its first run was ({@code admin_once} in {@code lib.lua}).
   */
  private long runAdmin(Script script, String queue, String taskId) {
    return (Long) calls.run(script, queue, List.of(bytes(taskId), bytes(UUID.randomUUID().toString())));
  }

  private static void refuse(String queue, String taskId, long code, String operation) {
    if (code == 0) {
      return;
    }
    if (code == -1) {
      throw new TaskNotFoundException(queue, taskId);
    }
    TaskState state = RecordCodec.state(code);
    if (state == TaskState.ACTIVE) {
      throw new TaskActiveException(queue, taskId, operation);
    }
    throw new TaskStateException(queue, taskId, state, operation);
  }

  @Override
  public void pause(String queue) {
    calls.retrying("pause " + queue, () -> {
      calls.driver().sadd(bytes(Keys.REGISTRY), bytes(queue));
      calls.driver().hset(Keys.key(queue, "meta"), bytes("paused"), ONE);
      return null;
    });
  }

  @Override
  public void unpause(String queue) {
    calls.retrying("unpause " + queue, () -> {
      calls.driver().hdel(Keys.key(queue, "meta"), bytes("paused"));
      return null;
    });
  }
}
