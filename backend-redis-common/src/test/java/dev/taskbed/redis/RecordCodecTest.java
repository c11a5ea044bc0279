package dev.taskbed.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

  /** Writes MessagePack the way Redis's cmsgpack does (smallest encoding per value). */
  static final class Pack {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Pack array(int n) {
      if (n <= 15) {
        out.write(0x90 | n);
      } else {
        out.write(0xdc);
        out.write(n >> 8);
        out.write(n);
      }
      return this;
    }

    Pack num(long v) {
      ByteBuffer b = ByteBuffer.allocate(9);
      if (v >= 0 && v <= 127) {
        b.put((byte) v);
      } else if (v < 0 && v >= -32) {
        b.put((byte) v);
      } else if (v >= 0 && v <= 0xff) {
        b.put((byte) 0xcc).put((byte) v);
      } else if (v >= 0 && v <= 0xffff) {
        b.put((byte) 0xcd).putShort((short) v);
      } else if (v >= 0 && v <= 0xffffffffL) {
        b.put((byte) 0xce).putInt((int) v);
      } else if (v >= 0) {
        b.put((byte) 0xcf).putLong(v);
      } else {
        b.put((byte) 0xd3).putLong(v);
      }
      out.write(b.array(), 0, b.position());
      return this;
    }

    Pack str(byte[] s) {
      if (s.length < 32) {
        out.write(0xa0 | s.length);
      } else if (s.length <= 0xff) {
        out.write(0xd9);
        out.write(s.length);
      } else {
        out.write(0xda);
        out.write(s.length >> 8);
        out.write(s.length);
      }
      out.write(s, 0, s.length);
      return this;
    }

    Pack str(String s) {
      return str(s.getBytes(StandardCharsets.UTF_8));
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }

  static byte[] record(int state, byte[] payload, long failedAt) {
    return new Pack().array(19)
        .num(state).num(7).str(RecordCodec.encodeNonce(-5L)).str(RecordCodec.encodeHash("h"))
        .str("email:send").str(payload).str(RecordCodec.encodeHeaders(Map.of("b", "2", "a", "1")))
        .num(25).num(1_800_000).num(0).num(60_000).str("")
        .num(1_767_225_600_000L).num(3).num(4).str("boom").num(failedAt).num(4).num(1)
        .bytes();
  }

  // ---------------------------------------------------------------- task records

  @Test
  void an_active_record_decodes_every_field_with_the_lease_expiry_from_the_score() {
    byte[] payload = new byte[300];
    TaskInfo t = RecordCodec.toTaskInfo("q", "id1", record(3, payload, 1_767_225_601_000L), 1_767_225_630_000L);
    assertThat(t.state()).isEqualTo(TaskState.ACTIVE);
    assertThat(t.type()).isEqualTo("email:send");
    assertThat(t.payload()).hasSize(300);
    assertThat(t.headers()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    assertThat(t.maxRetry()).isEqualTo(25);
    assertThat(t.attempts()).isEqualTo(3);
    assertThat(t.claimSequence()).isEqualTo(4);
    assertThat(t.timeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(t.deadline()).isNull();
    assertThat(t.retention()).isEqualTo(Duration.ofMinutes(1));
    assertThat(t.lastError()).isEqualTo("boom");
    assertThat(t.lastFailedAt()).isEqualTo(Instant.ofEpochMilli(1_767_225_601_000L));
    assertThat(t.leaseExpiresAt()).isEqualTo(Instant.ofEpochMilli(1_767_225_630_000L));
    assertThat(t.nextProcessAt()).isNull();
    assertThat(RecordCodec.nonce(record(3, payload, -1))).isEqualTo(-5L);
  }

  @Test
  void a_completed_record_derives_completed_at_from_retention_end_and_no_error_when_never_failed() {
    TaskInfo t = RecordCodec.toTaskInfo("q", "id1", record(6, new byte[0], -1), 1_767_225_700_000L);
    assertThat(t.completedAt()).isEqualTo(Instant.ofEpochMilli(1_767_225_640_000L));
    assertThat(t.lastError()).isNull();
    assertThat(t.lastFailedAt()).isNull();
  }

  // ---------------------------------------------------------------- field encodings

  @Test
  void hex_content_hashes_shrink_to_seventeen_bytes_and_other_hashes_stay_distinct() {
    assertThat(RecordCodec.encodeHash("00112233445566778899aabbccddeeff")).hasSize(17);
    assertThat(RecordCodec.encodeHash("00112233445566778899aabbccddeeff"))
        .isNotEqualTo(RecordCodec.encodeHash("00112233445566778899AABBCCDDEEFF"));
    assertThat(RecordCodec.encodeHash("x")).isNotEqualTo(RecordCodec.encodeHash("y"));
  }

  @Test
  void headers_round_trip_including_long_and_unicode_values() {
    Map<String, String> h = Map.of("k", "é".repeat(200), "trace", "", "z", "1");
    assertThat(RecordCodec.decodeHeaders(RecordCodec.encodeHeaders(h))).isEqualTo(h);
    assertThat(RecordCodec.encodeHeaders(Map.of())).isEmpty();
  }

  @Test
  void nonces_keep_all_sixty_four_bits() {
    assertThat(RecordCodec.decodeNonce(RecordCodec.encodeNonce(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
    assertThat(RecordCodec.decodeNonce(RecordCodec.encodeNonce(-1L))).isEqualTo(-1L);
  }

  @Test
  void message_pack_integers_of_every_width_decode() {
    long[] values = {0, 127, 128, 255, 256, 65_535, 65_536, 4_294_967_295L, 4_294_967_296L, -1, -32, -33, -1_000_000};
    Pack p = new Pack().array(values.length);
    for (long v : values) {
      p.num(v);
    }
    List<Object> decoded = RecordCodec.unpackArray(p.bytes());
    for (int i = 0; i < values.length; i++) {
      assertThat(decoded.get(i)).isEqualTo(values[i]);
    }
  }
}
