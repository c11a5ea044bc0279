package dev.taskbed.redis;

/**
 * The fields of a stored task record (a MessagePack array {@code cmsgpack} writes), in order: the
 * one declaration of the record's layout. The scripts index it with the generated constants
 * {@code F_*} (1-based, see {@link LuaPrelude}), {@code enqueue.lua} creates it with the generated
 * {@code new_record} from each field's {@linkplain #luaInitial initial value}, and
 * {@link RecordCodec} decodes it by {@link #index()}.
 *
 * <p>Times that order a container (due time, lease expiry, archive time, retention end) are not in
 * the record; they are the score of the task's member in that container, so a heartbeat rewrites
 * one score, not the record. Appending a field changes the record's length, which is also how the
 * scripts tell a record from a tombstone: stored records of the old length would stop being read
 * as records, so a new field needs a migration, not just a line here.
 */
enum RecordField {
  /** State code ({@link Codes.State}); {@code enqueue.lua} sets it when it places the task. */
  STATE("0"),
  /** Admission sequence within the queue. */
  SEQ("seq"),
  /** Incarnation nonce, 8 bytes big-endian. */
  NONCE(EnqueueArg.NONCE),
  /** Content hash in stored form ({@link RecordCodec#encodeHash}). */
  HASH(EnqueueArg.CONTENT_HASH),
  TYPE(EnqueueArg.TYPE),
  PAYLOAD(EnqueueArg.PAYLOAD),
  /** Headers in stored form ({@link RecordCodec#encodeHeaders}). */
  HEADERS(EnqueueArg.HEADERS),
  MAX_RETRY(EnqueueArg.MAX_RETRY),
  /** Per-attempt timeout in ms, 0 for none. */
  TIMEOUT(EnqueueArg.TIMEOUT),
  /** Deadline in epoch ms, 0 for none. */
  DEADLINE(EnqueueArg.DEADLINE),
  /** Retention after success in ms. */
  RETENTION(EnqueueArg.RETENTION),
  /** Uniqueness key, "" for none. */
  UNIQUE_KEY(EnqueueArg.UNIQUE_KEY),
  /** Enqueue time in epoch ms. */
  ENQUEUED("now"),
  ATTEMPTS("0"),
  /** Claim sequence: grows by one with every claim, part of the lease token. */
  CLAIM_SEQ("0"),
  /** Last error message, meaningful only when {@link #FAILED_AT} is not -1. */
  ERROR("''"),
  /** Time of the last failure in epoch ms, -1 for none. */
  FAILED_AT("-1"),
  /** Claim sequence of the last applied ack, 0 for none. */
  ACK_SEQ("0"),
  /** Kind code of the last applied ack ({@link Codes.Ack}), 0 for none. */
  ACK_KIND("0");

  /** The number of fields. */
  static final int COUNT = values().length;

  private final EnqueueArg from;
  private final String initial;

  /** A field whose initial value is a Lua expression over {@code seq} and {@code now}. */
  RecordField(String initial) {
    this.from = null;
    this.initial = initial;
  }

  /** A field copied from an enqueue argument. */
  RecordField(EnqueueArg from) {
    this.from = from;
    this.initial = null;
  }

  /** The Lua constant holding {@link #position()}. */
  String luaName() {
    return "F_" + name();
  }

  /** 1-based position, as Lua indexes the record. */
  int position() {
    return ordinal() + 1;
  }

  /** 0-based index, as the decoded record is indexed in Java. */
  int index() {
    return ordinal();
  }

  /**
   * The field's value in a new record, as a Lua expression over {@code i} (the index of the
   * task's first enqueue argument), {@code seq} (its admission sequence) and {@code now}.
   */
  String luaInitial() {
    return from != null ? from.luaValue("i") : initial;
  }
}
