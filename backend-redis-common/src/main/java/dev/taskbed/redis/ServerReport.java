package dev.taskbed.redis;

import dev.taskbed.TaskbedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a Redis broker found when it checked the server at start: version, durability settings, and
 * the warnings it logged (e.g. an eviction policy that can drop task keys).
 *
 * @param version lowest {@code redis_version} over the nodes
 * @param appendOnly {@code appendonly} (AOF) on every node
 * @param appendFsync {@code appendfsync} of the first node, or {@code null} if unknown
 * @param maxmemoryPolicy {@code maxmemory-policy} of the first node, or {@code null} if unknown
 * @param replicas connected replicas, summed over primaries
 * @param lossWindow the acknowledged-loss window this configuration implies, in words
 * @param warnings problems found, each one sentence
 */
public record ServerReport(
    String version, boolean appendOnly, String appendFsync, String maxmemoryPolicy, int replicas,
    String lossWindow, List<String> warnings) {

  /** Oldest Redis the scripts run on: {@code #!lua flags=} shebangs need 7.0. */
  public static final int[] MINIMUM_VERSION = {7, 0};

  public ServerReport {
    warnings = List.copyOf(warnings);
  }

  /** Reads version and durability settings from every node. */
  static ServerReport inspect(RedisDriver driver) {
    Map<String, String> server = driver.info("server");
    String lowest = null;
    for (Map.Entry<String, String> e : server.entrySet()) {
      String v = field(e.getValue(), "redis_version");
      if (v == null) {
        continue;
      }
      if (!atLeast(v, MINIMUM_VERSION)) {
        throw new TaskbedException("Redis " + v + " at " + e.getKey() + " is too old: Taskbed needs Redis "
            + MINIMUM_VERSION[0] + "." + MINIMUM_VERSION[1] + " or newer (its Lua scripts use shebang flags)");
      }
      if (lowest == null || !atLeast(lowest, parse(v))) {
        lowest = v;
      }
    }
    boolean aof = true;
    for (String info : driver.info("persistence").values()) {
      aof &= "1".equals(field(info, "aof_enabled"));
    }
    int replicas = 0;
    for (String info : driver.info("replication").values()) {
      if ("master".equals(field(info, "role"))) {
        String n = field(info, "connected_slaves");
        replicas += n == null ? 0 : Integer.parseInt(n);
      }
    }
    String fsync = first(driver.configGet("appendfsync"));
    String policy = first(driver.configGet("maxmemory-policy"));
    List<String> warnings = new ArrayList<>();
    if (policy == null) {
      warnings.add("could not read maxmemory-policy (CONFIG disabled?); make sure it is noeviction, "
          + "or evicted task keys are lost tasks");
    } else if (!policy.equals("noeviction")) {
      warnings.add("maxmemory-policy is " + policy + ": Redis may evict task keys, and an evicted key is a lost "
          + "task; set maxmemory-policy to noeviction");
    }
    String window;
    if (!aof) {
      window = "everything written since the last RDB snapshot (appendonly is off)";
      warnings.add("appendonly is off: a Redis crash loses acknowledged tasks written since the last snapshot");
    } else if ("always".equals(fsync)) {
      window = replicas > 0 ? "none on a crash of the primary; writes not yet replicated on a failover" : "none";
    } else if ("everysec".equals(fsync)) {
      window = "about one second of acknowledged writes on a crash (appendfsync everysec)";
    } else {
      window = "whatever the OS had not flushed on a crash (appendfsync " + fsync + ")";
    }
    return new ServerReport(lowest == null ? "unknown" : lowest, aof, fsync, policy, replicas, window, warnings);
  }

  static boolean atLeast(String version, int[] minimum) {
    int[] v = parse(version);
    for (int i = 0; i < minimum.length; i++) {
      if (v[i] != minimum[i]) {
        return v[i] > minimum[i];
      }
    }
    return true;
  }

  private static int[] parse(String version) {
    String[] parts = version.split("\\.");
    int[] v = new int[3];
    for (int i = 0; i < 3 && i < parts.length; i++) {
      try {
        v[i] = Integer.parseInt(parts[i].replaceAll("[^0-9].*$", ""));
      } catch (NumberFormatException e) {
        v[i] = 0;
      }
    }
    return v;
  }

  private static String first(Map<String, String> perNode) {
    return perNode.values().stream().filter(Objects::nonNull).findFirst().orElse(null);
  }

  static String field(String info, String name) {
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(name + ":")) {
        return line.substring(name.length() + 1).strip();
      }
    }
    return null;
  }
}
