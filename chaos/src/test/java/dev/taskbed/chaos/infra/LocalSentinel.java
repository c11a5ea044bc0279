package dev.taskbed.chaos.infra;

import dev.taskbed.redis.testing.RedisInfrastructure;
import dev.taskbed.redis.testing.RespClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Sentinel process ({@code redis-server sentinel.conf --sentinel}) on a loopback port with
 * a config file of its own (Sentinel rewrites it). Its identity and its peers are written into the
 * config, so a fresh topology is complete at once instead of after a few rounds of discovery.
 */
final class LocalSentinel implements AutoCloseable {
  private final int port;
  private final String id;
  private final Path dir;
  private Process process;

  LocalSentinel(int port, String id) {
    this.port = port;
    this.id = id;
    try {
      this.dir = Files.createTempDirectory("taskbed-sentinel-" + port + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  String id() {
    return id;
  }

  /** Writes the config and starts the process; returns once it answers {@code PING}. */
  void start(String master, String primaryHost, int primaryPort, String replicaHost, int replicaPort,
      List<LocalSentinel> peers, long downAfterMillis, long failoverTimeoutMillis) {
    StringBuilder conf = new StringBuilder();
    conf.append("port ").append(port).append('\n')
        .append("bind 127.0.0.1\n")
        .append("protected-mode no\n")
        .append("daemonize no\n")
        .append("dir ").append(dir).append('\n')
        .append("logfile ").append(dir.resolve("sentinel.log")).append('\n')
        .append("sentinel myid ").append(id).append('\n')
        .append("sentinel announce-ip 127.0.0.1\n")
        .append("sentinel monitor ").append(master).append(' ').append(primaryHost).append(' ').append(primaryPort).append(" 2\n")
        .append("sentinel down-after-milliseconds ").append(master).append(' ').append(downAfterMillis).append('\n')
        .append("sentinel failover-timeout ").append(master).append(' ').append(failoverTimeoutMillis).append('\n')
        .append("sentinel parallel-syncs ").append(master).append(" 1\n")
        .append("sentinel known-replica ").append(master).append(' ').append(replicaHost).append(' ').append(replicaPort).append('\n');
    for (LocalSentinel p : peers) {
      if (p != this) {
        conf.append("sentinel known-sentinel ").append(master).append(" 127.0.0.1 ").append(p.port).append(' ').append(p.id)
            .append('\n');
      }
    }
    Path file = dir.resolve("sentinel.conf");
    try {
      Files.writeString(file, conf);
      process = new ProcessBuilder(RedisInfrastructure.redisServer().toString(), file.toString(), "--sentinel")
          .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a Sentinel", e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Sentinel on port " + port + " exited: " + log());
      }
      try (RespClient c = client()) {
        if ("PONG".equals(c.call("PING"))) {
          return;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      ProxiedRedis.sleep(20);
    }
    throw new IllegalStateException("Sentinel on port " + port + " did not start: " + log());
  }

  RespClient client() {
    return new RespClient("127.0.0.1", port);
  }

  String log() {
    try {
      return Files.readString(dir.resolve("sentinel.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // temp files
    }
  }
}
