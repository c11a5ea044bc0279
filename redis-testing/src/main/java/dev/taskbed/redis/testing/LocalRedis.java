package dev.taskbed.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} process on a loopback port with its own data directory, for tests that
 * crash and restart Redis: {@link #kill()} sends SIGKILL, {@link #start()} brings it back on the
 * same port and directory (so AOF replay can be observed). Defaults: no RDB snapshots
 * ({@code --save ""}), AOF off, the host's clock; see {@link Builder}.
 */
public final class LocalRedis implements RedisFixture {
  private final int port;
  private final Path dir;
  private final List<String> extraArgs;
  private final ServerClock serverClock;
  private Process process;

  private LocalRedis(Builder b) {
    this.port = b.port > 0 ? b.port : freePort();
    this.extraArgs = List.copyOf(b.args);
    this.serverClock = b.serverClock;
    try {
      this.dir = Files.createTempDirectory("taskbed-redis-" + port + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts a server with default settings. */
  public static LocalRedis startDefault() {
    LocalRedis r = builder().build();
    r.start();
    return r;
  }

  /** Configures a {@link LocalRedis}. */
  public static final class Builder {
    private int port;
    private final List<String> args = new ArrayList<>();
    private ServerClock serverClock;

    private Builder() {}

    /** The server's wall clock ({@code TIME}) is {@code clock}, which the test sets (default: the host's). */
    public Builder serverClock(ServerClock clock) {
      this.serverClock = clock;
      return this;
    }

    /** A fixed port (default: a free one). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** AOF on with the given {@code appendfsync} ({@code always}, {@code everysec}, {@code no}). */
    public Builder appendOnly(String fsync) {
      return arg("--appendonly", "yes").arg("--appendfsync", fsync);
    }

    /** Any {@code redis-server} option, e.g. {@code arg("--maxmemory-policy", "allkeys-lru")}. */
    public Builder arg(String... a) {
      args.addAll(List.of(a));
      return this;
    }

    public LocalRedis build() {
      return new LocalRedis(this);
    }
  }

  /** Starts (or restarts, on the same port and directory) the server and waits until it answers. */
  public synchronized LocalRedis start() {
    if (process != null && process.isAlive()) {
      return this;
    }
    List<String> cmd = new ArrayList<>(List.of(RedisInfrastructure.redisServer().toString(),
        "--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "",
        "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString()));
    cmd.addAll(extraArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile());
    if (serverClock != null) {
      pb.environment().putAll(serverClock.environment());
    }
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + cmd, e);
    }
    awaitReady();
    return this;
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    RuntimeException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited with " + process.exitValue() + ": " + log());
      }
      try (RespClient c = new RespClient("127.0.0.1", port)) {
        if ("PONG".equals(c.call("PING"))) {
          return;
        }
      } catch (RuntimeException e) {
        last = e; // not listening yet, or LOADING the AOF
      }
      sleep(20);
    }
    throw new IllegalStateException("redis-server on port " + port + " did not become ready: " + log(), last);
  }

  /** SIGKILL: no shutdown, no final fsync; what a power cut or OOM kill looks like to clients. */
  public synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The server's process id, or -1 when it is not running. */
  public synchronized long pid() {
    return process != null && process.isAlive() ? process.pid() : -1;
  }

  public int port() {
    return port;
  }

  /** The clock this server reads, if it was built with one ({@link Builder#serverClock}). */
  public ServerClock serverClock() {
    if (serverClock == null) {
      throw new IllegalStateException("this redis-server runs on the host's clock");
    }
    return serverClock;
  }

  public Path dir() {
    return dir;
  }

  /** The server log, for failure messages. */
  public String log() {
    try {
      return Files.readString(dir.resolve("redis.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public List<String> nodes() {
    return List.of("127.0.0.1:" + port);
  }

  @Override
  public boolean isCluster() {
    return false;
  }

  @Override
  public void flushAll() {
    try (RespClient c = client(0)) {
      c.call("FLUSHALL");
    }
  }

  @Override
  public void close() {
    kill();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // temp files; nothing else to do
    }
  }

  /** A free loopback port whose cluster-bus twin (port + 10000) is free too. */
  static int freePort() {
    for (int i = 0; i < 200; i++) {
      int candidate = 20_000 + (int) (Math.random() * 20_000);
      if (free(candidate) && free(candidate + 10_000)) {
        return candidate;
      }
    }
    throw new IllegalStateException("no free port pair found");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
