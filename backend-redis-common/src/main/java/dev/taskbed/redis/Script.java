package dev.taskbed.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Lua scripts, one per state transition, kept as resources under {@code dev/taskbed/redis/lua}.
 * Each is assembled from its file with the shared prelude {@code lib.lua} inserted after the
 * shebang line, and called by SHA ({@code EVALSHA}); a {@code NOSCRIPT} reply makes the broker
 * send the body once with {@code EVAL}, which reloads it on that node.
 */
enum Script {
  ENQUEUE("enqueue"),
  CLAIM("claim"),
  NEXT_DUE("next_due"),
  COMPLETE("complete"),
  REVOKE("revoke"),
  RETRY("retry"),
  ARCHIVE("archive"),
  REQUEUE("requeue"),
  EXTEND("extend"),
  FORWARD("forward"),
  RECOVER("recover"),
  PURGE("purge"),
  GET("get"),
  LIST("list"),
  STATS("stats"),
  DELETE("delete"),
  RUN_NOW("run_now"),
  ADMIN_ARCHIVE("admin_archive"),
  /** Sent after a writing script, before {@code WAIT}, when the broker waits for replicas. */
  REPLICATION_MARK("replication_mark");

  private final String file;
  private final byte[] body;
  private final String sha;
  private final boolean writes;

  Script(String file) {
    this.file = file + ".lua";
    String own = resource(this.file);
    int eol = own.indexOf('\n');
    if (!own.startsWith("#!lua") || eol < 0) {
      throw new IllegalStateException(this.file + " must start with a '#!lua' shebang line");
    }
    String text = own.substring(0, eol + 1) + resource("lib.lua") + own.substring(eol + 1);
    this.writes = !own.substring(0, eol).contains("no-writes");
    this.body = text.getBytes(StandardCharsets.UTF_8);
    this.sha = sha1(body);
  }

  /** The assembled script text. */
  byte[] body() {
    return body.clone();
  }

  byte[] bodyUnsafe() {
    return body;
  }

  /** SHA-1 of the body, as {@code EVALSHA} expects. */
  String sha() {
    return sha;
  }

  /** Whether the script may write (its shebang lacks {@code no-writes}); only those wait for replicas. */
  boolean writes() {
    return writes;
  }

  /** The resource file name, for messages. */
  String fileName() {
    return file;
  }

  private static String resource(String name) {
    try (InputStream in = Script.class.getResourceAsStream("lua/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource dev/taskbed/redis/lua/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha1(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-1", e);
    }
  }
}
