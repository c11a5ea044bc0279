package dev.taskbed.redis;

import dev.taskbed.spi.EnqueueRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The arguments {@code enqueue.lua} takes per task, in order, and how each is encoded from an
 * {@link EnqueueRequest}: the one declaration of that layout. The script reads them through the
 * generated offsets {@code A_*} (see {@link LuaPrelude}) and its header lists them by
 * {@link #header()} name, which {@code ScriptArgvTest} holds against this enum.
 *
 * <p>Adding a task option is a line here (and one in {@link RecordField} if the record keeps it).
 */
enum EnqueueArg {
  ID("id", false, r -> utf8(r.taskId())),
  TYPE("type", false, r -> utf8(r.type())),
  PAYLOAD("payload", false, EnqueueRequest::payload),
  HEADERS("headers", false, r -> RecordCodec.encodeHeaders(r.headers())),
  MAX_RETRY("maxRetry", true, r -> num(r.maxRetry())),
  DELAY("delayMs", true, r -> num(r.delayMillis())),
  PROCESS_AT("processAtMs", true, r -> num(r.processAtMillis())),
  TIMEOUT("timeoutMs", true, r -> num(r.timeoutMillis())),
  DEADLINE("deadlineMs", true, r -> num(r.deadlineMillis())),
  RETENTION("retentionMs", true, r -> num(r.retentionMillis())),
  UNIQUE_KEY("uniqueKey", false, r -> r.uniqueKey() == null ? new byte[0] : utf8(r.uniqueKey())),
  UNIQUE_FOR("uniqueForMs", true, r -> num(r.uniqueForMillis())),
  CONTENT_HASH("contentHash", false, r -> RecordCodec.encodeHash(r.contentHash())),
  NONCE("nonce", false, r -> RecordCodec.encodeNonce(r.nonce()));

  private static final EnqueueArg[] ALL = values();

  private final String header;
  private final boolean number;
  private final Function<EnqueueRequest, byte[]> encoder;

  EnqueueArg(String header, boolean number, Function<EnqueueRequest, byte[]> encoder) {
    this.header = header;
    this.number = number;
    this.encoder = encoder;
  }

  /** The arguments of one {@code enqueue.lua} call creating {@code requests}, in order. */
  static List<byte[]> encode(List<EnqueueRequest> requests) {
    List<byte[]> args = new ArrayList<>(requests.size() * ALL.length);
    for (EnqueueRequest r : requests) {
      for (EnqueueArg a : ALL) {
        args.add(a.encoder.apply(r));
      }
    }
    return args;
  }

  /** The name the script's ARGV header gives this argument. */
  String header() {
    return header;
  }

  /** The Lua constant holding {@link #offset()}. */
  String luaName() {
    return "A_" + name();
  }

  /** Offset from the task's first argument. */
  int offset() {
    return ordinal();
  }

  /** The value as the script reads it, for a task whose first argument is {@code ARGV[base]}. */
  String luaValue(String base) {
    String arg = "ARGV[" + base + " + " + offset() + "]";
    return number ? "tonumber(" + arg + ")" : arg;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] num(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }
}
