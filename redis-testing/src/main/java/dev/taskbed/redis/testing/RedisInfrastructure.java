package dev.taskbed.redis.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Finds the Redis binaries and decides what happens when infrastructure is missing: the Redis ITs
 * fail. They never skip silently; a developer without Docker or {@code redis-server} runs
 * {@code mvn verify -Dtaskbed.it.skip=true} (skips every IT, visibly) instead. {@code .ci/run}
 * installs and starts everything these tests need.
 */
public final class RedisInfrastructure {
  private RedisInfrastructure() {}

  /** The {@code redis-server} binary: {@code -Dtaskbed.redis.server=...}, else found on PATH. */
  public static Path redisServer() {
    return binary("taskbed.redis.server", "redis-server");
  }

  /** The {@code redis-cli} binary: {@code -Dtaskbed.redis.cli=...}, else found on PATH. */
  public static Path redisCli() {
    return binary("taskbed.redis.cli", "redis-cli");
  }

  private static Path binary(String property, String name) {
    String configured = System.getProperty(property);
    if (configured != null) {
      return Path.of(configured);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    for (String dir : new String[] {"/usr/bin", "/usr/local/bin", "/usr/sbin"}) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new IllegalStateException(name + " not found on PATH: Redis integration tests need it "
        + "(apt-get install redis-server redis-tools; .ci/run installs it). "
        + "To skip every integration test instead, run with -Dtaskbed.it.skip=true.");
  }

  /** Runs a command to completion, failing with its output if it fails. */
  static String run(long timeoutSeconds, String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", command));
      }
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException("failed (" + p.exitValue() + "): " + String.join(" ", command) + "\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command[0], e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
