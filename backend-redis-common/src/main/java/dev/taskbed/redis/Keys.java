package dev.taskbed.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The key schema. Every key of queue {@code q} is {@code taskbed:{q}:<part>}: the braces make
 * {@code q} the Redis Cluster hash tag, so one queue lives in one slot and every script touches a
 * single slot. Queue names cannot contain braces ({@link dev.taskbed.TaskOptions.Builder#queue}).
 * The only global key is the queue registry {@link #REGISTRY}, which only single-key commands touch.
 */
final class Keys {
  /** SET of registered queue names. */
  static final String REGISTRY = "taskbed:queues";
  /** Pattern of every queue's wake-up channel ({@code taskbed:{q}:wake}). */
  static final String WAKE_PATTERN = "taskbed:{*}:wake";

  /** The per-queue parts, in the KEYS order every script expects (see {@code lib.lua}). */
  static final List<String> PARTS = List.of(
      "meta", "tasks", "pending", "scheduled", "retry", "active", "archived", "completed",
      "tombs", "uniq", "claims", "expiry");

  private Keys() {}

  /** The queue's keys in script KEYS order. */
  static List<byte[]> of(String queue) {
    String prefix = "taskbed:{" + queue + "}:";
    return PARTS.stream().map(p -> (prefix + p).getBytes(StandardCharsets.UTF_8)).toList();
  }

  /** The queue's key for {@code part}, e.g. {@code key("q", "meta")}. */
  static byte[] key(String queue, String part) {
    if (!PARTS.contains(part)) {
      throw new IllegalArgumentException("no key part " + part);
    }
    return ("taskbed:{" + queue + "}:" + part).getBytes(StandardCharsets.UTF_8);
  }

  /** The wake-up channel of a queue. */
  static String wakeChannel(String queue) {
    return "taskbed:{" + queue + "}:wake";
  }

  /** The queue a wake-up channel belongs to, or {@code null} if it is not one. */
  static String queueOfChannel(String channel) {
    if (channel.startsWith("taskbed:{") && channel.endsWith("}:wake")) {
      return channel.substring("taskbed:{".length(), channel.length() - "}:wake".length());
    }
    return null;
  }
}
