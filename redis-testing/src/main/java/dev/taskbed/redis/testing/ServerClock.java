package dev.taskbed.redis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The wall clock of a {@code redis-server} process, under the test's control: what {@code TIME}
 * (and so every Taskbed script on Redis server time) reads. Give it to
 * {@link LocalRedis.Builder#serverClock}; then {@link #set} moves that server's clock to any
 * instant, forwards or backwards (a failover to a replica whose clock is behind), and
 * {@link #useRealTime} gives it the host clock back. Monotonic clocks, which Redis's event loop and
 * timers use, stay real.
 *
 * <p>How: an {@code LD_PRELOAD} shim ({@code server_clock.c}, a resource beside this class,
 * compiled once per JVM with {@code gcc}) replaces the process's wall-clock calls by a read of an
 * 8-byte file this object maps and writes. libfaketime cannot do it here (see the shim's comment).
 * Thread-safe.
 */
public final class ServerClock implements AutoCloseable {
  private static final VarHandle MICROS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
  private static Path library;

  private final Path file;
  private final MappedByteBuffer mapped;
  private long micros;

  private ServerClock(Path file, MappedByteBuffer mapped) {
    this.file = file;
    this.mapped = mapped;
  }

  /** A clock file holding "real time"; the shim is compiled now if this JVM has not yet. */
  public static ServerClock create() {
    library();
    try {
      Path file = Files.createTempFile("taskbed-server-clock-", ".time");
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES); // the mapping outlives the channel
        return new ServerClock(file, m);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the server clock file", e);
    }
  }

  /** What a {@code redis-server} process must be started with to read this clock. */
  Map<String, String> environment() {
    return Map.of("LD_PRELOAD", library().toString(), "TASKBED_SERVER_CLOCK", file.toString());
  }

  /**
   * Sets the server's clock to {@code epochMillis}, earlier or later than before. The server reads
   * the last microsecond of that millisecond: a script that rounded {@code TIME}'s microseconds
   * instead of truncating them would then be a millisecond late, and an exact-time test would see it.
   */
  public synchronized void set(long epochMillis) {
    if (epochMillis <= 0) {
      throw new IllegalArgumentException("the server clock is set to an instant after the epoch: " + epochMillis);
    }
    micros = epochMillis * 1000 + 999;
    MICROS.setVolatile(mapped, 0, micros);
  }

  /** {@link #set}, unless the clock is already later: for callers racing to move it forwards. */
  public synchronized void advanceTo(long epochMillis) {
    if (micros == 0 || epochMillis * 1000 + 999 > micros) {
      set(epochMillis);
    }
  }

  /** The server's clock in epoch milliseconds, or 0 while it runs on real time. */
  public synchronized long millis() {
    return micros / 1000;
  }

  /** Gives the server the host's real clock again. */
  public synchronized void useRealTime() {
    micros = 0;
    MICROS.setVolatile(mapped, 0, 0L);
  }

  /** Deletes the file; a server still running keeps its mapping (and the last time set). */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a temp file; nothing else to do
    }
  }

  /** The compiled shim, built once per JVM. */
  static synchronized Path library() {
    if (library != null) {
      return library;
    }
    try {
      Path dir = Files.createTempDirectory("taskbed-server-clock-");
      Path source = dir.resolve("server_clock.c");
      try (InputStream in = ServerClock.class.getResourceAsStream("server_clock.c")) {
        if (in == null) {
          throw new IllegalStateException("missing resource dev/taskbed/redis/testing/server_clock.c");
        }
        Files.copy(in, source);
      }
      Path so = dir.resolve("libtaskbed-server-clock.so");
      List<String> cmd = List.of("gcc", "-shared", "-fPIC", "-O2", "-Wall", "-Wextra", "-Werror", "-o", so.toString(),
          source.toString());
      Process gcc;
      try {
        gcc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw new IllegalStateException("the server clock shim needs gcc (Debian: apt-get install gcc libc6-dev)", e);
      }
      String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
        throw new IllegalStateException("compiling the server clock shim failed: " + cmd + "\n" + output);
      }
      dir.toFile().deleteOnExit(); // deleted last: deleteOnExit runs in reverse order
      source.toFile().deleteOnExit();
      so.toFile().deleteOnExit();
      library = so;
      return so;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build the server clock shim", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while compiling the server clock shim", e);
    }
  }
}
