package dev.taskbed.redis;

import static dev.taskbed.redis.Resp.bytes;
import static dev.taskbed.redis.Resp.string;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queue registry ({@link Keys#REGISTRY}) as this broker instance keeps it: queues are
 * registered before their first task is written, at most once per 10 s per
 * instance, and the queues this instance saw hold tasks are listed even if the registry lost
 * them. Thread-safe.
 */
final class QueueRegistry {
  /** How long a queue counts as registered by this instance before it re-sends {@code SADD}. */
  private static final long REGISTRY_CACHE_NANOS = 10_000_000_000L;

  private final ScriptCalls calls;
  private final Map<String, Long> registered = new ConcurrentHashMap<>();
  /** Queues this instance saw hold tasks: it enqueued to them or claimed leases from them. */
  private final Set<String> seenWithTasks = ConcurrentHashMap.newKeySet();

  QueueRegistry(ScriptCalls calls) {
    this.calls = calls;
  }

  /** A claim handed out a lease on {@code queue}: it holds tasks. */
  void sawTasks(String queue) {
    seenWithTasks.add(queue);
  }

  void register(String queue) {
    seenWithTasks.add(queue);
    long now = System.nanoTime();
    Long at = registered.get(queue);
    if (at != null && now - at < REGISTRY_CACHE_NANOS) {
      return;
    }
    // Registered before the task exists, so maintenance never misses a queue that holds tasks.
    calls.retrying("register queue " + queue, () -> calls.driver().sadd(bytes(Keys.REGISTRY), bytes(queue)));
    registered.put(queue, now);
  }

  /**
   * The registry, plus every queue this instance saw hold tasks. Normally the second set is part of
   * the first; it matters when Redis lost its data (a restart without persistence, a failover to an
   * empty replica) and the registry with it: producers re-register a queue only when their cache
   * entry expires, so a queue that receives no further tasks would otherwise drop out of every
   * worker's maintenance, and an ACTIVE task on it whose lease expires would never be recovered
   * (found by the chaos suite's crash without persistence). Such queues did receive tasks, which
   * is what makes a queue registered.
   */
  List<String> queues() {
    List<byte[]> members = calls.retrying("list queues", () -> calls.driver().smembers(bytes(Keys.REGISTRY)));
    Set<String> all = new TreeSet<>(seenWithTasks);
    members.forEach(m -> all.add(string(m)));
    return List.copyOf(all);
  }
}
