package dev.taskbed.redis;

import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.spi.AckKind;
import dev.taskbed.spi.AckStatus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Field encoding shared by the scripts and the Java side: the task record (a MessagePack array
 * written by Lua's {@code cmsgpack}, decoded here), the state / ack codes, and the compact forms of
 * content hashes, nonces and headers.
 *
 * <p>Record fields, in order (1-based in Lua, {@code F_*} in {@code lib.lua}): state, admission
 * seq, nonce (8 bytes big-endian), content hash (encoded), type, payload, headers (encoded),
 * maxRetry, timeoutMs, deadlineMs, retentionMs, uniqueKey, enqueuedAt, attempts, claimSequence,
 * lastError, lastFailedAt (-1 none), lastAckSeq, lastAckKind. Times that order a container (due
 * time, lease expiry, archive time, retention end) are not in the record; they are the score of the
 * task's member in that container, so a heartbeat rewrites one score, not the record.
 */
final class RecordCodec {
  static final int F_STATE = 0;
  static final int F_SEQ = 1;
  static final int F_NONCE = 2;
  static final int F_TYPE = 4;
  static final int F_PAYLOAD = 5;
  static final int F_HEADERS = 6;
  static final int F_MAXRETRY = 7;
  static final int F_TIMEOUT = 8;
  static final int F_DEADLINE = 9;
  static final int F_RETENTION = 10;
  static final int F_ENQUEUED = 12;
  static final int F_ATTEMPTS = 13;
  static final int F_CSEQ = 14;
  static final int F_ERROR = 15;
  static final int F_FAILED_AT = 16;
  static final int FIELDS = 19;

  /** State codes 1..6 as in {@code lib.lua}; index 0 unused. */
  static final TaskState[] STATES = {
    null, TaskState.PENDING, TaskState.SCHEDULED, TaskState.ACTIVE, TaskState.RETRY, TaskState.ARCHIVED,
    TaskState.COMPLETED
  };

  private RecordCodec() {}

  static int stateCode(TaskState state) {
    for (int i = 1; i < STATES.length; i++) {
      if (STATES[i] == state) {
        return i;
      }
    }
    throw new IllegalArgumentException(String.valueOf(state));
  }

  static TaskState state(long code) {
    if (code < 1 || code >= STATES.length) {
      throw new IllegalStateException("unknown state code " + code);
    }
    return STATES[(int) code];
  }

  /** Ack status codes 0, 1, 2 as in {@code lib.lua}. */
  static AckStatus ackStatus(long code) {
    switch ((int) code) {
      case 0:
        return AckStatus.OK;
      case 1:
        return AckStatus.ALREADY_APPLIED;
      case 2:
        return AckStatus.LEASE_LOST;
      default:
        throw new IllegalStateException("unknown ack status " + code);
    }
  }

  /** Ack kind codes 1..5 as in {@code lib.lua} (0 = none). */
  static int ackKindCode(AckKind kind) {
    return kind.ordinal() + 1;
  }

  /**
   * A content hash in stored form: 32 hex digits (what the client computes) become 16 bytes behind
   * a tag byte; any other string is kept as UTF-8 behind another tag. Only equality matters.
   */
  static byte[] encodeHash(String contentHash) {
    if (contentHash.length() == 32 && contentHash.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      byte[] raw = HexFormat.of().parseHex(contentHash);
      byte[] out = new byte[17];
      out[0] = 1;
      System.arraycopy(raw, 0, out, 1, 16);
      return out;
    }
    byte[] utf8 = contentHash.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[utf8.length + 1];
    out[0] = 2;
    System.arraycopy(utf8, 0, out, 1, utf8.length);
    return out;
  }

  /** A nonce in stored form: 8 bytes big-endian (Lua numbers cannot hold 64-bit integers). */
  static byte[] encodeNonce(long nonce) {
    return ByteBuffer.allocate(8).putLong(nonce).array();
  }

  static long decodeNonce(byte[] b) {
    return ByteBuffer.wrap(b).getLong();
  }

  /** Headers as one opaque string: empty for none, else (varint length, UTF-8 bytes) pairs. */
  static byte[] encodeHeaders(Map<String, String> headers) {
    if (headers.isEmpty()) {
      return new byte[0];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, String> e : new TreeMap<>(headers).entrySet()) {
      writeString(out, e.getKey());
      writeString(out, e.getValue());
    }
    return out.toByteArray();
  }

  static Map<String, String> decodeHeaders(byte[] b) {
    Map<String, String> headers = new TreeMap<>();
    int[] pos = {0};
    while (pos[0] < b.length) {
      String k = readString(b, pos);
      headers.put(k, readString(b, pos));
    }
    return headers;
  }

  private static void writeString(ByteArrayOutputStream out, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    int n = bytes.length;
    while (n >= 0x80) {
      out.write((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    out.write(n);
    out.write(bytes, 0, bytes.length);
  }

  private static String readString(byte[] b, int[] pos) {
    int n = 0;
    int shift = 0;
    int c;
    do {
      c = b[pos[0]++] & 0xff;
      n |= (c & 0x7f) << shift;
      shift += 7;
    } while ((c & 0x80) != 0);
    String s = new String(b, pos[0], n, StandardCharsets.UTF_8);
    pos[0] += n;
    return s;
  }

  /**
   * Builds the snapshot of a record.
   *
   * @param score the score of the task's member in its state's container (ignored for PENDING)
   */
  static TaskInfo toTaskInfo(String queue, String id, byte[] packed, long score) {
    List<Object> r = unpackArray(packed);
    if (r.size() != FIELDS) {
      throw new IllegalStateException("task record " + queue + "/" + id + " has " + r.size() + " fields");
    }
    TaskState state = state(num(r, F_STATE));
    long timeout = num(r, F_TIMEOUT);
    long deadline = num(r, F_DEADLINE);
    long retention = num(r, F_RETENTION);
    long failedAt = num(r, F_FAILED_AT);
    return TaskInfo.builder()
        .id(id).queue(queue)
        .type(str(r, F_TYPE))
        .payload(bytes(r, F_PAYLOAD))
        .headers(decodeHeaders(bytes(r, F_HEADERS)))
        .state(state)
        .maxRetry((int) num(r, F_MAXRETRY))
        .attempts((int) num(r, F_ATTEMPTS))
        .claimSequence(num(r, F_CSEQ))
        .lastError(failedAt == -1 ? null : str(r, F_ERROR))
        .lastFailedAt(failedAt == -1 ? null : Instant.ofEpochMilli(failedAt))
        .enqueuedAt(Instant.ofEpochMilli(num(r, F_ENQUEUED)))
        .nextProcessAt(state == TaskState.SCHEDULED || state == TaskState.RETRY ? Instant.ofEpochMilli(score) : null)
        .timeout(timeout > 0 ? Duration.ofMillis(timeout) : null)
        .deadline(deadline > 0 ? Instant.ofEpochMilli(deadline) : null)
        .retention(Duration.ofMillis(retention))
        .leaseExpiresAt(state == TaskState.ACTIVE ? Instant.ofEpochMilli(score) : null)
        .completedAt(state == TaskState.COMPLETED ? Instant.ofEpochMilli(score - retention) : null)
        .archivedAt(state == TaskState.ARCHIVED ? Instant.ofEpochMilli(score) : null)
        .build();
  }

  /** The nonce of a record. */
  static long nonce(byte[] packed) {
    return decodeNonce(bytes(unpackArray(packed), F_NONCE));
  }

  private static long num(List<Object> r, int i) {
    Object o = r.get(i);
    if (o instanceof Long) {
      return (Long) o;
    }
    if (o instanceof Double) {
      return (long) (double) (Double) o;
    }
    throw new IllegalStateException("record field " + i + " is not a number: " + o);
  }

  private static byte[] bytes(List<Object> r, int i) {
    Object o = r.get(i);
    if (o instanceof byte[]) {
      return (byte[]) o;
    }
    throw new IllegalStateException("record field " + i + " is not a string: " + o);
  }

  private static String str(List<Object> r, int i) {
    return new String(bytes(r, i), StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- MessagePack (cmsgpack subset)

  /** Decodes one MessagePack array as {@code cmsgpack.pack} writes it. */
  static List<Object> unpackArray(byte[] b) {
    ByteBuffer in = ByteBuffer.wrap(b);
    Object o = read(in);
    if (!(o instanceof List)) {
      throw new IllegalStateException("not a MessagePack array");
    }
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) o;
    return list;
  }

  private static Object read(ByteBuffer in) {
    int t = in.get() & 0xff;
    if (t <= 0x7f) {
      return (long) t;
    }
    if (t >= 0xe0) {
      return (long) (byte) t;
    }
    if ((t & 0xe0) == 0xa0) {
      return raw(in, t & 0x1f);
    }
    if ((t & 0xf0) == 0x90) {
      return array(in, t & 0x0f);
    }
    switch (t) {
      case 0xc0:
        return null;
      case 0xc2:
        return Boolean.FALSE;
      case 0xc3:
        return Boolean.TRUE;
      case 0xcc:
        return (long) (in.get() & 0xff);
      case 0xcd:
        return (long) (in.getShort() & 0xffff);
      case 0xce:
        return in.getInt() & 0xffffffffL;
      case 0xcf:
      case 0xd3:
        return in.getLong();
      case 0xd0:
        return (long) in.get();
      case 0xd1:
        return (long) in.getShort();
      case 0xd2:
        return (long) in.getInt();
      case 0xca:
        return (double) in.getFloat();
      case 0xcb:
        return in.getDouble();
      case 0xd9:
      case 0xc4:
        return raw(in, in.get() & 0xff);
      case 0xda:
      case 0xc5:
        return raw(in, in.getShort() & 0xffff);
      case 0xdb:
      case 0xc6:
        return raw(in, in.getInt());
      case 0xdc:
        return array(in, in.getShort() & 0xffff);
      case 0xdd:
        return array(in, in.getInt());
      default:
        throw new IllegalStateException("unsupported MessagePack type 0x" + Integer.toHexString(t));
    }
  }

  private static byte[] raw(ByteBuffer in, int n) {
    byte[] b = new byte[n];
    in.get(b);
    return b;
  }

  private static List<Object> array(ByteBuffer in, int n) {
    List<Object> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(read(in));
    }
    return list;
  }
}
