package dev.taskbed.redis;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.TaskState;
import dev.taskbed.spi.AckKind;
import dev.taskbed.spi.AckStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The integer codes the scripts and the Java side exchange, declared once: task states and ack
 * kinds (both stored in records and tombstones, so a code never changes meaning), ack statuses and
 * enqueue outcomes (script replies). {@link LuaPrelude} hands each to the scripts as a Lua local
 * named {@link Code#luaName()}; the codes are explicit, not ordinals of the public enums, so
 * reordering those cannot change what is stored.
 */
final class Codes {
  private Codes() {}

  /** One code: its Lua name, its integer, the Java value it stands for. */
  interface Code<V> {
    String luaName();

    int code();

    V value();
  }

  /** State codes, stored in {@link RecordField#STATE}. */
  enum State implements Code<TaskState> {
    PENDING(1, TaskState.PENDING),
    SCHEDULED(2, TaskState.SCHEDULED),
    ACTIVE(3, TaskState.ACTIVE),
    RETRY(4, TaskState.RETRY),
    ARCHIVED(5, TaskState.ARCHIVED),
    COMPLETED(6, TaskState.COMPLETED);

    private final int code;
    private final TaskState value;

    State(int code, TaskState value) {
      this.code = code;
      this.value = value;
    }

    @Override
    public String luaName() {
      return name();
    }

    @Override
    public int code() {
      return code;
    }

    @Override
    public TaskState value() {
      return value;
    }
  }

  /** Ack kind codes, stored in {@link RecordField#ACK_KIND} and tombstones; 0 means none. */
  enum Ack implements Code<AckKind> {
    COMPLETE(1, AckKind.COMPLETE),
    REVOKE(2, AckKind.REVOKE),
    RETRY(3, AckKind.RETRY),
    ARCHIVE(4, AckKind.ARCHIVE),
    REQUEUE(5, AckKind.REQUEUE);

    private final int code;
    private final AckKind value;

    Ack(int code, AckKind value) {
      this.code = code;
      this.value = value;
    }

    @Override
    public String luaName() {
      return "ACK_" + name();
    }

    @Override
    public int code() {
      return code;
    }

    @Override
    public AckKind value() {
      return value;
    }
  }

  /** Ack status codes, one per token in an ack script's reply. */
  enum Status implements Code<AckStatus> {
    OK(0, AckStatus.OK),
    ALREADY_APPLIED(1, AckStatus.ALREADY_APPLIED),
    LEASE_LOST(2, AckStatus.LEASE_LOST);

    private final int code;
    private final AckStatus value;

    Status(int code, AckStatus value) {
      this.code = code;
      this.value = value;
    }

    @Override
    public String luaName() {
      return name();
    }

    @Override
    public int code() {
      return code;
    }

    @Override
    public AckStatus value() {
      return value;
    }
  }

  /** Enqueue outcome codes, one per task in {@code enqueue.lua}'s reply. */
  enum Outcome implements Code<EnqueueOutcome> {
    CREATED(1, EnqueueOutcome.CREATED),
    EXISTING(2, EnqueueOutcome.EXISTING),
    ID_CONFLICT(3, EnqueueOutcome.ID_CONFLICT),
    DUPLICATE(4, EnqueueOutcome.DUPLICATE);

    private final int code;
    private final EnqueueOutcome value;

    Outcome(int code, EnqueueOutcome value) {
      this.code = code;
      this.value = value;
    }

    @Override
    public String luaName() {
      return name();
    }

    @Override
    public int code() {
      return code;
    }

    @Override
    public EnqueueOutcome value() {
      return value;
    }
  }

  /** Decodes the codes of one enum: an array lookup, since some run once per task or ack. */
  static final class Decoder<V> {
    private final List<V> byCode = new ArrayList<>();
    private final String what;

    Decoder(Code<V>[] codes, String what) {
      this.what = what;
      for (Code<V> c : codes) {
        while (byCode.size() <= c.code()) {
          byCode.add(null);
        }
        byCode.set(c.code(), c.value());
      }
    }

    V decode(long code) {
      V v = code >= 0 && code < byCode.size() ? byCode.get((int) code) : null;
      if (v == null) {
        throw new IllegalStateException("unknown " + what + " " + code);
      }
      return v;
    }

    int encode(V value) {
      int code = value == null ? -1 : byCode.indexOf(value);
      if (code < 0) {
        throw new IllegalArgumentException(String.valueOf(value));
      }
      return code;
    }
  }
}
