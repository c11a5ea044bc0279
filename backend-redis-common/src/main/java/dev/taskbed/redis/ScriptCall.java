package dev.taskbed.redis;

import java.util.List;

/**
 * One script call in a pipeline: {@code EVALSHA sha}, or {@code EVAL body} when {@code body} is
 * set (to load a script a node has lost, e.g. after a restart or failover).
 *
 * @param sha the script's SHA-1 (hex)
 * @param keys the script's keys, all in one hash slot
 * @param args the script's arguments
 * @param body the script's text to send with {@code EVAL}; {@code null} to send {@code EVALSHA}
 */
public record ScriptCall(String sha, List<byte[]> keys, List<byte[]> args, byte[] body) {
  public ScriptCall {
    keys = List.copyOf(keys);
    args = List.copyOf(args);
  }

  /** An {@code EVALSHA} call. */
  public ScriptCall(String sha, List<byte[]> keys, List<byte[]> args) {
    this(sha, keys, args, null);
  }

  /** The same call sent as {@code EVAL} with {@code script}'s text. */
  public ScriptCall withBody(byte[] script) {
    return new ScriptCall(sha, keys, args, script);
  }
}
