package dev.taskbed.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-time mode end to end, on both Redis backends: the {@code realtime} scenario, shortened to about half a minute,
 * against a {@code redis-server} this test starts on a free loopback port, with a worker crash, a
 * stall longer than the lease and a queue pause. Needs {@code redis-server} (Debian package
 * {@code redis-server}) on the PATH: skipped without it on a developer machine, a failure in CI
 * ({@code CI=true} or {@code -Dtaskbed.ci=true}).
 */
class RedisSimulationIT {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"redis-jedis", "redis-redisson"})
  void the_realtime_scenario_passes_against_a_real_redis(String backend, @TempDir Path dir) throws Exception {
    Path redisServer = onPath("redis-server").orElse(null);
    if (redisServer == null) {
      if (Boolean.getBoolean("taskbed.ci") || "true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("redis-server is required in CI for the simulator's real-time run: apt-get install -y redis-server");
      }
      Assumptions.abort("redis-server not installed; skipped outside CI");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process redis = new ProcessBuilder(redisServer.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString())
        .redirectOutput(dir.resolve("redis.log").toFile()).redirectErrorStream(true).start();
    try {
      awaitPing(port);
      CommandRun run = CommandRun.of("--backend", backend, "--redis", "redis://127.0.0.1:" + port + "/0",
          "--scenario", "realtime", "--duration", "15s", "--out", dir.resolve("out").toString(), "--no-progress",
          "--set", "task.welcome.delay=uniform(1s, 5s)",
          "--set", "fault.crash.at=4s", "--set", "fault.crash.duration=3s", "--set", "fault.crash.every=0",
          "--set", "fault.stall.at=8s", "--set", "fault.stall.duration=4s",
          "--set", "fault.pause-low.at=10s", "--set", "fault.pause-low.duration=3s");
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
      JsonNode json = new ObjectMapper().readTree(dir.resolve("out/report.json").toFile());
      assertThat(json.at("/mode").asText()).isEqualTo("real-time");
      assertThat(json.at("/backend").asText()).startsWith(backend + " redis://127.0.0.1:" + port);
      assertThat(json.at("/verdict/status").asText()).isEqualTo("PASS");
      assertThat(json.at("/totals/enqueued").asLong()).isGreaterThan(100);
      assertThat(json.at("/totals/recovered").asLong()).as("the crash and the stall left leases to recover").isPositive();
      assertThat(json.at("/faults")).hasSize(3).allSatisfy(f -> assertThat(f.get("fired").asBoolean()).isTrue());
    } finally {
      redis.destroy();
      if (!redis.waitFor(10, TimeUnit.SECONDS)) {
        redis.destroyForcibly();
      }
    }
  }

  private static void awaitPing(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        OutputStream out = s.getOutputStream();
        out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        byte[] reply = new byte[16];
        int n = in.read(reply);
        if (n > 0 && new String(reply, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG")) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(50);
    }
    fail("redis-server did not answer PING on port " + port + " within 10 s");
  }

  private static Optional<Path> onPath(String name) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
  }
}
