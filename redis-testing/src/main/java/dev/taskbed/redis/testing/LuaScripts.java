package dev.taskbed.redis.testing;

import dev.taskbed.redis.RedisBrokerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Redis broker's Lua scripts as it sends them, named by file ({@code "enqueue"} for
 * {@code enqueue.lua}, {@code "claim"}, {@code "stats"}...): what a test needs to name a script
 * on the wire, to inject a fault into its calls ({@link FaultyDriver}) or to ask Redis whether it
 * has it cached ({@code SCRIPT EXISTS}). The broker's own table of scripts is not public API, so
 * this reads the same resources ({@code dev/taskbed/redis/lua}) and assembles them by the same
 * rule: a script's {@code #!lua} shebang line, then the shared prelude {@code lib.lua}, then the
 * rest of its file. {@code ScriptTest} in backend-redis-common holds the broker to that rule.
 * Thread-safe.
 */
public final class LuaScripts {
  private static final Map<String, byte[]> BODIES = new ConcurrentHashMap<>();

  private LuaScripts() {}

  /** The text the broker sends for script {@code name} ({@code EVAL}, {@code SCRIPT LOAD}). */
  public static byte[] body(String name) {
    return BODIES.computeIfAbsent(name, LuaScripts::assemble).clone();
  }

  /** The SHA-1 (hex) the broker calls script {@code name} by ({@code EVALSHA}). */
  public static String sha(String name) {
    return sha(body(name));
  }

  /** The SHA-1 (hex) of a script text, as Redis computes it. */
  public static String sha(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }

  private static byte[] assemble(String name) {
    String own = resource(name + ".lua");
    int eol = own.indexOf('\n');
    if (!own.startsWith("#!lua") || eol < 0) {
      throw new IllegalStateException(name + ".lua does not start with a '#!lua' shebang line");
    }
    return (own.substring(0, eol + 1) + resource("lib.lua") + own.substring(eol + 1)).getBytes(StandardCharsets.UTF_8);
  }

  private static String resource(String file) {
    // Any public class of the package that holds the scripts finds them as its resources.
    try (InputStream in = RedisBrokerConfig.class.getResourceAsStream("lua/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no Redis script dev/taskbed/redis/lua/" + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
