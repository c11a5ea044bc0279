package dev.taskbed.redis;

import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Lua constants the scripts share with the Java side, written from their Java declarations
 * ({@link Codes}, {@link RecordField}, {@link EnqueueArg}) when the scripts are loaded. The
 * {@link Script} loader puts this block after each script's shebang line, ahead of {@code lib.lua},
 * so no number in a script has to be kept in step with Java by hand.
 *
 * <p>Everything is a {@code local} (Redis scripts may not define globals) and nothing here refers to
 * {@code lib.lua}'s locals, which are declared after it.
 */
final class LuaPrelude {
  private static final String TEXT = build();

  private LuaPrelude() {}

  /** The generated block, ending with a newline. */
  static String text() {
    return TEXT;
  }

  private static String build() {
    StringBuilder s = new StringBuilder();
    s.append("-- Generated from the Java declarations (LuaPrelude: Codes, RecordField, EnqueueArg); not in any .lua file.\n");
    s.append("-- state codes\n");
    locals(s, Codes.State.values(), Codes.Code::luaName, c -> c.code());
    s.append("-- ack kinds (0 = none) and ack statuses\n");
    locals(s, Codes.Ack.values(), Codes.Code::luaName, c -> c.code());
    locals(s, Codes.Status.values(), Codes.Code::luaName, c -> c.code());
    s.append("-- enqueue outcomes\n");
    locals(s, Codes.Outcome.values(), Codes.Code::luaName, c -> c.code());
    s.append("-- record fields (1-based) and their number\n");
    locals(s, RecordField.values(), RecordField::luaName, RecordField::position);
    s.append("local RECORD_FIELDS = ").append(RecordField.COUNT).append('\n');
    s.append("-- enqueue.lua: offsets of a task's arguments from its first one, and their number\n");
    locals(s, EnqueueArg.values(), EnqueueArg::luaName, EnqueueArg::offset);
    s.append("local ENQUEUE_ARGS = ").append(EnqueueArg.values().length).append('\n');
    s.append("-- enqueue.lua: a new task's record; i = index of its first argument, seq = admission sequence\n");
    s.append("local function new_record(i, seq, now)\n  return { ");
    s.append(Arrays.stream(RecordField.values()).map(RecordField::luaInitial).collect(Collectors.joining(", ")));
    s.append(" }\nend\n");
    return s.toString();
  }

  /** One multiple assignment: {@code local A, B = 1, 2}. */
  private static <T> void locals(StringBuilder s, T[] items, Function<T, String> name, Function<T, Integer> value) {
    List<T> all = List.of(items);
    s.append("local ").append(all.stream().map(name).collect(Collectors.joining(", ")))
        .append(" = ").append(all.stream().map(value).map(String::valueOf).collect(Collectors.joining(", ")))
        .append('\n');
  }
}
