package dev.taskbed.redis;

import java.util.Arrays;
import java.util.List;

/**
 * One of the broker's Lua scripts as tests and fixtures outside this package see it, since
 * {@link Script} is package-private: its name ({@code ENQUEUE}), the SHA-1 {@code EVALSHA} sends
 * and the assembled body {@code SCRIPT LOAD} takes. Only the scripts tests name have a constant;
 * {@link #all()} has every one.
 *
 * @param name the script's constant name, e.g. {@code ENQUEUE}
 * @param sha its SHA-1 (hex)
 * @param body its assembled text
 */
public record LuaScript(String name, String sha, byte[] body) {
  public static final LuaScript ENQUEUE = of(Script.ENQUEUE);
  public static final LuaScript CLAIM = of(Script.CLAIM);
  public static final LuaScript STATS = of(Script.STATS);
  public static final LuaScript DELETE = of(Script.DELETE);
  public static final LuaScript RUN_NOW = of(Script.RUN_NOW);
  public static final LuaScript ADMIN_ARCHIVE = of(Script.ADMIN_ARCHIVE);
  public static final LuaScript REPLICATION_MARK = of(Script.REPLICATION_MARK);

  public LuaScript {
    body = body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  /** Every script the broker runs. */
  public static List<LuaScript> all() {
    return Arrays.stream(Script.values()).map(LuaScript::of).toList();
  }

  private static LuaScript of(Script s) {
    return new LuaScript(s.name(), s.sha(), s.body());
  }
}
