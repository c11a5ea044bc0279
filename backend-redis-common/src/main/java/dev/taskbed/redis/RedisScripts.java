package dev.taskbed.redis;

import java.util.Arrays;
import java.util.List;

/**
 * The broker's Lua scripts as they go over the wire, named by file ({@code "enqueue"} for
 * {@code enqueue.lua}, {@code "claim"}, {@code "stats"}...): the text sent with {@code EVAL} or
 * {@code SCRIPT LOAD}, and the SHA-1 {@code EVALSHA} calls them by. For code that must name a
 * script call without being the broker: a test that injects a fault into one script's calls or
 * asks Redis whether a script is cached ({@code SCRIPT EXISTS}), or an operator who preloads the
 * scripts. How a script is assembled from its file stays the broker's business; this only reads
 * the result.
 */
public final class RedisScripts {
  private RedisScripts() {}

  /** Every script's name. */
  public static List<String> names() {
    return Arrays.stream(Script.values()).map(RedisScripts::name).toList();
  }

  /** The text of script {@code name}, as the broker sends it. */
  public static byte[] body(String name) {
    return script(name).body();
  }

  /** The SHA-1 (hex) of script {@code name}'s text, which {@code EVALSHA} calls it by. */
  public static String sha(String name) {
    return script(name).sha();
  }

  private static Script script(String name) {
    for (Script s : Script.values()) {
      if (name(s).equals(name)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no Redis script named " + name + "; the scripts: " + names());
  }

  private static String name(Script s) {
    String file = s.fileName();
    return file.substring(0, file.length() - ".lua".length());
  }
}
