package dev.taskbed.redis;

import java.util.List;

/**
 * One {@code EVALSHA} in a pipeline.
 *
 * @param sha the script's SHA-1 (hex)
 * @param keys the script's keys, all in one hash slot
 * @param args the script's arguments
 */
public record ScriptCall(String sha, List<byte[]> keys, List<byte[]> args) {
  public ScriptCall {
    keys = List.copyOf(keys);
    args = List.copyOf(args);
  }
}
