package dev.taskbed.redis;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The ARGV layout of one script, declared in Java: the fixed arguments from {@code ARGV[1]} (every
 * script starts with {@link #COMMON}; a name ending in {@code ?} may be left off), then, for the
 * scripts that take many items per call, the arguments each item repeats. Each script's header
 * states the same layout in the fixed format {@code lib.lua} describes; {@code ScriptArgvTest}
 * holds the headers against these layouts, and the broker's calls against both.
 *
 * @param fixed argument names from {@code ARGV[1]}, in order
 * @param item what one repeated group stands for ("task", "token"), or {@code null} for none
 * @param perItem the names of one repeated group, in order; empty when {@code item} is null
 */
record ScriptArgv(List<String> fixed, String item, List<String> perItem) {
  /** What every script receives first: the client's clock ("" for Redis time) and the idempotency window. */
  static final List<String> COMMON = List.of("clock", "window");

  private static final List<String> TOKEN = List.of("id", "claimSequence", "nonce");

  ScriptArgv {
    fixed = List.copyOf(fixed);
    perItem = List.copyOf(perItem);
  }

  /** The layout of {@code script}. */
  static ScriptArgv of(Script script) {
    return switch (script) {
      case ENQUEUE -> repeated("task", Arrays.stream(EnqueueArg.values()).map(EnqueueArg::header).toList());
      case CLAIM -> only("requestId", "maxTasks", "leaseMillis", "replayOnly?");
      case NEXT_DUE, STATS, REPLICATION_MARK -> only();
      case COMPLETE, REVOKE, REQUEUE -> repeated("token", TOKEN);
      case RETRY -> repeated("token", concat(TOKEN, "delayMillis", "error", "countAttempt"));
      case ARCHIVE -> repeated("token", concat(TOKEN, "error", "countAttempt"));
      case EXTEND -> new ScriptArgv(concat(COMMON, "durationMillis"), "token", TOKEN);
      case FORWARD -> only("limit");
      case RECOVER -> only("limit", "recoveryDelayMillis");
      case PURGE -> only("limit", "archiveMaxAgeMillis", "archiveMaxSize", "cleanup");
      case GET -> only("id");
      case LIST -> only("state", "offset", "limit");
      case DELETE, RUN_NOW, ADMIN_ARCHIVE -> only("id", "adminRequestId");
    };
  }

  /**
   * The 0-based index in the argument list of the fixed argument {@code name} (without its
   * {@code ?}), or of {@code name} in repeated group {@code group} (0-based).
   */
  int indexOf(String name, int group) {
    int f = fixedNames().indexOf(name);
    if (f >= 0) {
      return f;
    }
    int p = perItem.indexOf(name);
    if (p < 0) {
      throw new IllegalArgumentException("no argument " + name + " in " + this);
    }
    return fixed.size() + group * perItem.size() + p;
  }

  /** The fixed names without their optional marks. */
  List<String> fixedNames() {
    return fixed.stream().map(n -> n.endsWith("?") ? n.substring(0, n.length() - 1) : n).toList();
  }

  /** The number of repeated groups in a list of {@code n} arguments, or -1 if {@code n} fits no count. */
  int groups(int n) {
    int required = (int) fixed.stream().filter(a -> !a.endsWith("?")).count();
    if (item == null) {
      return n >= required && n <= fixed.size() ? 0 : -1;
    }
    // Optional fixed arguments and groups cannot both be present: the count alone could not tell them apart.
    int rest = n - fixed.size();
    return rest >= 0 && rest % perItem.size() == 0 && required == fixed.size() ? rest / perItem.size() : -1;
  }

  private static ScriptArgv only(String... names) {
    return new ScriptArgv(concat(COMMON, names), null, List.of());
  }

  private static ScriptArgv repeated(String item, List<String> names) {
    return new ScriptArgv(COMMON, item, names);
  }

  private static List<String> concat(List<String> head, String... tail) {
    return Stream.concat(head.stream(), Stream.of(tail)).toList();
  }
}
