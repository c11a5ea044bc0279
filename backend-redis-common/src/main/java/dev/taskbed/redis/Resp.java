package dev.taskbed.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Script arguments and replies as the driver carries them: strings and numbers as bytes, arrays as lists. */
final class Resp {
  private Resp() {}

  @SuppressWarnings("unchecked")
  static List<Object> list(Object reply) {
    if (reply instanceof List) {
      return (List<Object>) reply;
    }
    throw new IllegalStateException("expected an array reply, got " + reply);
  }

  static long longAt(List<Object> reply, int i) {
    Object o = reply.get(i);
    if (o instanceof Long) {
      return (Long) o;
    }
    throw new IllegalStateException("expected an integer at " + i + ", got " + o);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] num(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  static String string(Object o) {
    return new String((byte[]) o, StandardCharsets.UTF_8);
  }
}
