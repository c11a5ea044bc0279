package dev.taskbed.chaos.infra;

import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.redis.testing.RespClient;
import dev.taskbed.spi.BrokerAdmin;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks one queue's Redis structures against each other, to show that no fault left a transition
 * half done: every task record is in exactly the container of its state (the PENDING list or the
 * state's sorted set), every container entry names a record in that state, and nothing is in two
 * containers. Reads the raw keys with a plain RESP connection and each record through the
 * broker's admin view; run it on a quiet queue (after the workers stopped).
 */
public final class RedisStructureAudit {
  private static final Map<TaskState, String> CONTAINER = new EnumMap<>(Map.of(
      TaskState.PENDING, "pending", TaskState.SCHEDULED, "scheduled", TaskState.RETRY, "retry",
      TaskState.ACTIVE, "active", TaskState.ARCHIVED, "archived", TaskState.COMPLETED, "completed"));

  private RedisStructureAudit() {}

  /** The violations found (empty when consistent), plus a count line first. */
  @SuppressWarnings("unchecked")
  public static List<String> audit(RespClient redis, BrokerAdmin admin, String queue) {
    String prefix = "taskbed:{" + queue + "}:";
    Map<String, String> containerOf = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<TaskState, String> c : CONTAINER.entrySet()) {
      List<Object> members = c.getKey() == TaskState.PENDING
          ? (List<Object>) redis.call("LRANGE", prefix + "pending", "0", "-1")
          : (List<Object>) redis.call("ZRANGE", prefix + c.getValue(), "0", "-1");
      for (Object m : members) {
        String id = c.getKey() == TaskState.PENDING ? (String) m : ((String) m).substring(12);
        String other = containerOf.put(id, c.getValue());
        if (other != null) {
          problems.add(id + " is in both " + other + " and " + c.getValue());
        }
      }
    }
    List<Object> ids = (List<Object>) redis.call("HKEYS", prefix + "tasks");
    int records = 0;
    int tombstones = 0;
    for (Object o : ids) {
      String id = (String) o;
      Optional<TaskInfo> t = admin.get(queue, id);
      String container = containerOf.remove(id);
      if (t.isEmpty()) {
        tombstones++;
        if (container != null) {
          problems.add(id + " is a tombstone but listed in " + container);
        }
        continue;
      }
      records++;
      String expected = CONTAINER.get(t.get().state());
      if (!expected.equals(container)) {
        problems.add(id + " is " + t.get().state() + " but " + (container == null ? "in no container" : "in " + container));
      }
    }
    containerOf.forEach((id, c) -> problems.add(id + " is listed in " + c + " but has no record"));
    List<String> out = new ArrayList<>();
    out.add(records + " record(s), " + tombstones + " tombstone(s) checked");
    out.addAll(problems);
    return out;
  }
}
