package dev.taskbed.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.TaskState;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.LeaseToken;
import dev.taskbed.spi.Subscription;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Holds the three statements of every script's arguments against each other: the header of its
 * {@code .lua} file (parsed in the fixed format {@code lib.lua} describes), its Java layout
 * ({@link ScriptArgv}), and what the broker really sends (captured by a driver that answers every
 * script).
 */
class ScriptArgvTest {

  // ---------------------------------------------------------------- the headers

  /** A script's ARGV header, parsed: fixed names (optional ones marked "?"), then the repeated group. */
  record Header(List<String> fixed, String item, List<String> perItem) {}

  private static final Pattern NUMBERED = Pattern.compile("(\\d+) (\\w+)");
  private static final Pattern THEN_PER = Pattern.compile("then per (\\w+)[^:]*:(.*)");

  static Header header(Script s) {
    return parse(s.fileName(), resource(s.fileName()));
  }

  /** Parses the ARGV header of a script file in the format {@code lib.lua} describes. */
  static Header parse(String file, String text) {
    StringBuilder argv = null;
    for (String line : text.lines().toList()) {
      if (argv == null && line.startsWith("-- ARGV: ")) {
        argv = new StringBuilder(line.substring("-- ARGV: ".length()));
      } else if (argv != null && line.startsWith("--   ")) {
        argv.append(' ').append(line.substring("--   ".length()).trim());
      } else if (argv != null) {
        break;
      }
    }
    assertThat(argv).as(file + " has a '-- ARGV: ' header line").isNotNull();
    List<String> fixed = new ArrayList<>();
    String item = null;
    List<String> perItem = new ArrayList<>();
    for (String element : topLevelElements(argv.toString())) {
      String arg = element;
      Matcher then = THEN_PER.matcher(element);
      if (item == null && then.matches()) {
        item = then.group(1);
        arg = then.group(2).trim();
      }
      String note = note(arg);
      String bare = arg.replaceAll("\\(.*\\)", "").trim();
      String mark = note != null && note.startsWith("optional") ? "?" : "";
      if (item != null) {
        assertThat(bare).as(file + ": repeated argument '" + element + "' is a bare name").matches("\\w+");
        perItem.add(bare + mark);
        continue;
      }
      Matcher m = NUMBERED.matcher(bare);
      assertThat(m.matches()).as(file + ": fixed argument '" + element + "' reads 'N name'").isTrue();
      assertThat(Integer.parseInt(m.group(1))).as(file + ": the number of " + m.group(2)).isEqualTo(fixed.size() + 1);
      fixed.add(m.group(2) + mark);
    }
    return new Header(fixed, item, perItem);
  }

  /** The text of an element's parenthesised note, or null. */
  private static String note(String element) {
    int open = element.lastIndexOf('(');
    return open < 0 ? null : element.substring(open + 1, element.lastIndexOf(')')).trim();
  }

  /** Splits at the commas outside parentheses (notes may hold commas). */
  private static List<String> topLevelElements(String text) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(text.substring(start, i).trim());
        start = i + 1;
      }
    }
    out.add(text.substring(start).trim());
    return out;
  }

  private static String resource(String name) {
    try (InputStream in = Script.class.getResourceAsStream("lua/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Nested
  class EveryHeader {
    @Test
    void states_the_arguments_its_java_layout_declares() {
      for (Script s : Script.values()) {
        ScriptArgv layout = ScriptArgv.of(s);
        assertThat(header(s)).as(s.fileName())
            .isEqualTo(new Header(layout.fixed(), layout.item(), layout.perItem()));
      }
    }

    @Test
    void starts_with_the_arguments_every_script_receives() {
      for (Script s : Script.values()) {
        assertThat(header(s).fixed()).as(s.fileName()).startsWith(ScriptArgv.COMMON.toArray(String[]::new));
      }
    }

    @Test
    void of_enqueue_lists_the_arguments_in_the_order_the_encoder_writes_them() {
      assertThat(header(Script.ENQUEUE).perItem())
          .containsExactlyElementsOf(Arrays.stream(EnqueueArg.values()).map(EnqueueArg::header).toList());
    }

    @Test
    void is_read_in_the_format_lib_lua_describes() {
      String file = "#!lua\n-- x.lua: a script.\n-- KEYS: none\n"
          + "-- ARGV: 1 clock, 2 window, 3 limit (a note, with a comma), 4 flag (optional: \"1\"), then per token (a group):\n"
          + "--   id, error (\"\" none, else \"+\" .. message), extra (optional)\n-- Returns: nothing\n";
      assertThat(parse("x.lua", file)).isEqualTo(
          new Header(List.of("clock", "window", "limit", "flag?"), "token", List.of("id", "error", "extra?")));
    }

    @Test
    void whose_numbering_skips_an_argument_is_rejected() {
      assertThatThrownBy(() -> parse("x.lua", "-- ARGV: 1 clock, 2 window, 4 limit\n"))
          .isInstanceOf(AssertionError.class).hasMessageContaining("the number of limit");
    }
  }

  // ---------------------------------------------------------------- the generated constants

  @Nested
  class ThePrelude {
    @Test
    void declares_every_record_field_at_its_position_and_the_record_length() {
      String prelude = LuaPrelude.text();
      Map<String, Integer> locals = locals(prelude);
      for (RecordField f : RecordField.values()) {
        assertThat(locals).containsEntry(f.luaName(), f.index() + 1);
      }
      assertThat(locals).containsEntry("RECORD_FIELDS", 19).containsEntry("ENQUEUE_ARGS", EnqueueArg.values().length);
    }

    @Test
    void builds_a_new_record_with_one_value_per_field() {
      Matcher m = Pattern.compile("return \\{ (.*) \\}").matcher(LuaPrelude.text());
      assertThat(m.find()).isTrue();
      // The record enqueue.lua wrote by hand before the layout was declared in Java, value for value:
      // stored records must not change.
      assertThat(topLevelElements(m.group(1))).hasSize(RecordField.COUNT).containsExactly(
          "0", "seq", "ARGV[i + 13]", "ARGV[i + 12]", "ARGV[i + 1]", "ARGV[i + 2]", "ARGV[i + 3]",
          "tonumber(ARGV[i + 4])", "tonumber(ARGV[i + 7])", "tonumber(ARGV[i + 8])", "tonumber(ARGV[i + 9])",
          "ARGV[i + 10]", "now", "0", "0", "''", "-1", "0", "0");
    }

    @Test
    void is_the_only_place_its_constants_are_declared() {
      Set<String> generated = locals(LuaPrelude.text()).keySet();
      for (Script s : Script.values()) {
        for (String file : List.of(s.fileName(), "lib.lua")) {
          String text = resource(file);
          for (String name : generated) {
            assertThat(text).as(file + " declares " + name + " by hand").doesNotContainPattern("local[^=\\n]*\\b" + name + "\\b[^=\\n]*=");
          }
        }
      }
    }

    @Test
    void declares_every_constant_a_script_uses() {
      // A misspelt or dropped constant would only fail in Redis (a script may not read globals);
      // this finds it without one: every F_*, A_* and T_* name a script uses is declared.
      String declared = LuaPrelude.text() + resource("lib.lua");
      Pattern constant = Pattern.compile("\\b[FAT]_[A-Z_]+\\b");
      for (Script s : Script.values()) {
        Matcher m = constant.matcher(resource(s.fileName()) + resource("lib.lua"));
        while (m.find()) {
          assertThat(declared).as(s.fileName() + " uses " + m.group())
              .containsPattern("local [^=\\n]*\\b" + m.group() + "\\b[^=\\n]*=");
        }
      }
    }

    @Test
    void comes_before_lib_lua_in_every_assembled_script() {
      for (Script s : Script.values()) {
        String body = new String(s.body(), StandardCharsets.UTF_8);
        int eol = body.indexOf('\n');
        assertThat(body.substring(eol + 1)).as(s.fileName()).startsWith(LuaPrelude.text() + resource("lib.lua"));
      }
    }

    private Map<String, Integer> locals(String prelude) {
      Map<String, Integer> out = new LinkedHashMap<>();
      Matcher m = Pattern.compile("(?m)^local ([A-Z_, ]+) = ([-0-9, ]+)$").matcher(prelude);
      while (m.find()) {
        String[] names = m.group(1).split(",\\s*");
        String[] values = m.group(2).split(",\\s*");
        assertThat(values).as(m.group()).hasSameSizeAs(names);
        for (int i = 0; i < names.length; i++) {
          out.put(names[i], Integer.parseInt(values[i].trim()));
        }
      }
      return out;
    }
  }

  // ---------------------------------------------------------------- the encoder

  /** Answers every script with a well-formed reply and records each call it was sent. */
  static final class CapturingDriver implements RedisDriver {
    record Call(Script script, List<byte[]> args) {}

    final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    /** Leases claim.lua hands out per call, at most. */
    int leasesPerClaim;

    private Object answer(String sha, List<byte[]> args) {
      Script s = Arrays.stream(Script.values()).filter(x -> x.sha().equals(sha)).findFirst().orElseThrow();
      calls.add(new Call(s, List.copyOf(args)));
      ScriptArgv layout = ScriptArgv.of(s);
      int groups = Math.max(0, layout.groups(args.size()));
      return switch (s) {
        case ENQUEUE -> repeat(groups, 1L, 1L);
        case CLAIM -> claimReply(leasesPerClaim);
        case NEXT_DUE -> -1L;
        case COMPLETE, REVOKE, RETRY, ARCHIVE, REQUEUE, EXTEND -> repeat(groups, 0L);
        case FORWARD, RECOVER, PURGE -> List.of(0L, 0L);
        case GET -> null;
        case LIST -> List.of(0L);
        case STATS -> List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L);
        case DELETE, RUN_NOW, ADMIN_ARCHIVE -> 0L;
        case REPLICATION_MARK -> 1L;
      };
    }

    private static List<Object> claimReply(int leases) {
      List<Object> r = new ArrayList<>(List.of(0L, -1L));
      for (int i = 0; i < leases; i++) {
        r.addAll(List.of(("t" + i).getBytes(StandardCharsets.UTF_8), RecordCodecTest.record(3, new byte[0], -1), 5_000L));
      }
      return r;
    }

    private static List<Object> repeat(int n, Object... each) {
      List<Object> r = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        r.addAll(List.of(each));
      }
      return r;
    }

    @Override
    public Object evalSha(String sha, List<byte[]> keys, List<byte[]> args) {
      return answer(sha, args);
    }

    @Override
    public Object eval(byte[] script, List<byte[]> keys, List<byte[]> args) {
      throw new AssertionError("every script is known by its SHA here");
    }

    @Override
    public List<Object> evalShaPipelined(List<ScriptCall> calls) {
      return calls.stream().map(c -> answer(c.sha(), c.args())).toList();
    }

    @Override
    public WaitedReplies evalAndWait(List<ScriptCall> calls, int replicas, long timeoutMillis) {
      return new WaitedReplies(calls.stream().map(c -> answer(c.sha(), c.args())).toList(), replicas);
    }

    @Override
    public long sadd(byte[] key, byte[] member) {
      return 1;
    }

    @Override
    public List<byte[]> smembers(byte[] key) {
      return List.of();
    }

    @Override
    public void hset(byte[] key, byte[] field, byte[] value) {}

    @Override
    public void hdel(byte[] key, byte[] field) {}

    @Override
    public Map<String, String> info(String section) {
      return Map.of();
    }

    @Override
    public Map<String, String> configGet(String parameter) {
      return Map.of();
    }

    @Override
    public Subscription psubscribe(byte[] pattern, BiConsumer<byte[], byte[]> onMessage, Runnable onSubscribed) {
      return () -> {};
    }

    @Override
    public String describe() {
      return "capturing";
    }

    @Override
    public void close() {}
  }

  private final CapturingDriver driver = new CapturingDriver();

  private RedisBroker broker(int replicaAcks) {
    RedisBrokerSettings.Builder b = RedisBrokerSettings.builder().checkServer(false).retryBackoff(Duration.ZERO);
    if (replicaAcks > 0) {
      b.replicaAcks(replicaAcks, Duration.ofMillis(100));
    }
    return RedisBroker.create(driver, b.build());
  }

  private static final EnqueueRequest REQUEST = new EnqueueRequest("id-1", "q", "email:send",
      "payload".getBytes(StandardCharsets.UTF_8), Map.of("h", "v"), 3, 1_000, 1_767_225_600_000L, 30_000,
      1_767_225_700_000L, 60_000, "ukey", 5_000, "00112233445566778899aabbccddeeff", -5L);

  private static final LeaseToken TOKEN = new LeaseToken("q", "t1", 4, -5L);

  private static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** The value of argument {@code name} (of repeated group {@code group}) in a captured call. */
  private static byte[] arg(CapturingDriver.Call c, String name, int group) {
    return c.args().get(ScriptArgv.of(c.script()).indexOf(name, group));
  }

  private CapturingDriver.Call only(Script s) {
    List<CapturingDriver.Call> of = driver.calls.stream().filter(c -> c.script() == s).toList();
    assertThat(of).as(s.name()).hasSize(1);
    return of.get(0);
  }

  @Nested
  class TheEncoder {
    @Test
    void writes_each_enqueue_argument_the_header_names() {
      List<byte[]> args = EnqueueArg.encode(List.of(REQUEST, REQUEST));
      assertThat(args).hasSize(2 * EnqueueArg.values().length);
      // What each header name means, spelled out here and not derived from EnqueueArg.
      Map<String, byte[]> expected = new LinkedHashMap<>();
      expected.put("id", "id-1".getBytes(StandardCharsets.UTF_8));
      expected.put("type", "email:send".getBytes(StandardCharsets.UTF_8));
      expected.put("payload", "payload".getBytes(StandardCharsets.UTF_8));
      expected.put("headers", RecordCodec.encodeHeaders(Map.of("h", "v")));
      expected.put("maxRetry", "3".getBytes(StandardCharsets.UTF_8));
      expected.put("delayMs", "1000".getBytes(StandardCharsets.UTF_8));
      expected.put("processAtMs", "1767225600000".getBytes(StandardCharsets.UTF_8));
      expected.put("timeoutMs", "30000".getBytes(StandardCharsets.UTF_8));
      expected.put("deadlineMs", "1767225700000".getBytes(StandardCharsets.UTF_8));
      expected.put("retentionMs", "60000".getBytes(StandardCharsets.UTF_8));
      expected.put("uniqueKey", "ukey".getBytes(StandardCharsets.UTF_8));
      expected.put("uniqueForMs", "5000".getBytes(StandardCharsets.UTF_8));
      expected.put("contentHash", RecordCodec.encodeHash("00112233445566778899aabbccddeeff"));
      expected.put("nonce", RecordCodec.encodeNonce(-5L));
      List<String> names = header(Script.ENQUEUE).perItem();
      assertThat(names).containsExactlyElementsOf(expected.keySet());
      for (int group = 0; group < 2; group++) {
        for (int i = 0; i < names.size(); i++) {
          assertThat(args.get(group * names.size() + i)).as(names.get(i)).isEqualTo(expected.get(names.get(i)));
        }
      }
    }

    @Test
    void encodes_no_unique_key_as_an_empty_string() {
      EnqueueRequest plain = new EnqueueRequest("a", "q", "t", new byte[0], Map.of(), 0, 0, 0, 0, 0, 0, null, 0, "h", 1);
      assertThat(EnqueueArg.encode(List.of(plain)).get(EnqueueArg.UNIQUE_KEY.offset())).isEmpty();
    }
  }

  @Nested
  class EveryCallTheBrokerSends {
    @Test
    void fits_its_scripts_layout_and_puts_each_value_where_the_header_names_it() {
      RedisBroker b = broker(0);
      b.enqueue(REQUEST);
      b.enqueueBatch(List.of(REQUEST, REQUEST));
      driver.leasesPerClaim = 1;
      b.claim(new ClaimRequest("rid-1", List.of("q", "r"), 1, 30_000, false));
      b.claim(new ClaimRequest("rid-2", List.of("q"), 2, 30_000, true));
      driver.leasesPerClaim = 0;
      b.complete(TOKEN);
      b.revoke(TOKEN);
      b.retry(TOKEN, 250, "boom", true);
      b.archive(TOKEN, null, false);
      b.requeue(TOKEN);
      b.extendLeases(List.of(TOKEN, TOKEN), 9_000);
      b.forwardDue("q", 11);
      b.recoverExpiredLeases("q", 12, 700);
      b.purgeExpired("q", 13);
      b.get("q", "t1");
      b.list("q", TaskState.RETRY, 5, 10);
      b.stats("q");
      b.delete("q", "t1");
      b.runNow("q", "t2");
      b.archive("q", "t3");
      broker(1).complete(TOKEN); // replicated: the mark follows the script

      Set<Script> seen = EnumSet.noneOf(Script.class);
      for (CapturingDriver.Call c : driver.calls) {
        seen.add(c.script());
        ScriptArgv layout = ScriptArgv.of(c.script());
        assertThat(layout.groups(c.args().size())).as(c.script() + " sent " + c.args().size() + " arguments")
            .isNotNegative();
        assertThat(arg(c, "clock", 0)).as("clock").isEmpty();
        assertThat(str(arg(c, "window", 0))).as("window")
            .isEqualTo(String.valueOf(RedisBrokerSettings.builder().build().policy().idempotencyWindow().toMillis()));
      }
      assertThat(seen).as("every script was called").containsExactlyInAnyOrder(Script.values());

      List<CapturingDriver.Call> enqueues = driver.calls.stream().filter(c -> c.script() == Script.ENQUEUE).toList();
      assertThat(enqueues).hasSize(2);
      assertThat(ScriptArgv.of(Script.ENQUEUE).groups(enqueues.get(1).args().size())).isEqualTo(2);
      assertThat(str(arg(enqueues.get(1), "id", 1))).isEqualTo("id-1");
      assertThat(arg(enqueues.get(0), "nonce", 0)).isEqualTo(RecordCodec.encodeNonce(-5L));

      List<CapturingDriver.Call> claims = driver.calls.stream().filter(c -> c.script() == Script.CLAIM).toList();
      assertThat(claims).hasSize(3); // q (r was full: NEXT_DUE), then the replay's two passes over q
      assertThat(str(arg(claims.get(0), "requestId", 0))).isEqualTo("rid-1");
      assertThat(str(arg(claims.get(0), "maxTasks", 0))).isEqualTo("1");
      assertThat(str(arg(claims.get(0), "leaseMillis", 0))).isEqualTo("30000");
      assertThat(claims.get(0).args()).hasSize(5); // replayOnly left off on a first attempt
      assertThat(str(arg(claims.get(1), "requestId", 0))).isEqualTo("rid-2");
      assertThat(str(arg(claims.get(1), "replayOnly", 0))).isEqualTo("1");
      assertThat(claims.get(2).args()).hasSize(5);

      for (Script ack : List.of(Script.REVOKE, Script.RETRY, Script.ARCHIVE, Script.REQUEUE)) {
        CapturingDriver.Call c = only(ack);
        assertThat(str(arg(c, "id", 0))).as(ack + " id").isEqualTo("t1");
        assertThat(str(arg(c, "claimSequence", 0))).as(ack + " claimSequence").isEqualTo("4");
        assertThat(arg(c, "nonce", 0)).as(ack + " nonce").isEqualTo(RecordCodec.encodeNonce(-5L));
      }
      assertThat(str(arg(only(Script.RETRY), "delayMillis", 0))).isEqualTo("250");
      assertThat(str(arg(only(Script.RETRY), "error", 0))).isEqualTo("+boom");
      assertThat(str(arg(only(Script.RETRY), "countAttempt", 0))).isEqualTo("1");
      assertThat(arg(only(Script.ARCHIVE), "error", 0)).isEmpty();
      assertThat(str(arg(only(Script.ARCHIVE), "countAttempt", 0))).isEqualTo("0");
      CapturingDriver.Call extend = only(Script.EXTEND);
      assertThat(str(arg(extend, "durationMillis", 0))).isEqualTo("9000");
      assertThat(ScriptArgv.of(Script.EXTEND).groups(extend.args().size())).isEqualTo(2);
      assertThat(str(arg(extend, "id", 1))).isEqualTo("t1");

      assertThat(str(arg(only(Script.FORWARD), "limit", 0))).isEqualTo("11");
      assertThat(str(arg(only(Script.RECOVER), "limit", 0))).isEqualTo("12");
      assertThat(str(arg(only(Script.RECOVER), "recoveryDelayMillis", 0))).isEqualTo("700");
      CapturingDriver.Call purge = only(Script.PURGE);
      assertThat(str(arg(purge, "limit", 0))).isEqualTo("13");
      assertThat(str(arg(purge, "archiveMaxAgeMillis", 0)))
          .isEqualTo(String.valueOf(RedisBrokerSettings.builder().build().policy().archiveMaxAge().toMillis()));
      assertThat(str(arg(only(Script.GET), "id", 0))).isEqualTo("t1");
      CapturingDriver.Call list = only(Script.LIST);
      assertThat(str(arg(list, "state", 0))).isEqualTo(String.valueOf(Codes.State.RETRY.code()));
      assertThat(str(arg(list, "offset", 0))).isEqualTo("5");
      assertThat(str(arg(list, "limit", 0))).isEqualTo("10");
      assertThat(str(arg(only(Script.DELETE), "id", 0))).isEqualTo("t1");
      assertThat(str(arg(only(Script.RUN_NOW), "id", 0))).isEqualTo("t2");
      assertThat(str(arg(only(Script.ADMIN_ARCHIVE), "id", 0))).isEqualTo("t3");
      assertThat(arg(only(Script.ADMIN_ARCHIVE), "adminRequestId", 0)).isNotEmpty();
    }
  }
}
