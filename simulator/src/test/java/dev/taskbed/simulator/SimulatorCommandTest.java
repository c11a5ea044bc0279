package dev.taskbed.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorCommandTest {

  @Nested
  class Help {
    @Test
    void help_describes_every_option_and_the_exit_codes() {
      CommandRun run = CommandRun.of("--help");
      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.out()).contains("Usage: simulate", "--scenario", "--seed", "--duration", "--backend", "--redis",
          "--out", "--defect", "Exit status:", "guarantee");
    }

    @Test
    void prints_the_default_scenario_with_its_comments() {
      CommandRun run = CommandRun.of("--print-default-scenario");
      assertThat(run.exitCode()).isZero();
      assertThat(run.out()).contains("# Taskbed simulator", "task.receipt.failure-rate = 0.25", "fault.stall.kind = stall");
    }
  }

  @Nested
  class BadInput {
    @Test
    void an_unknown_option_is_named() {
      CommandRun run = CommandRun.of("--sed", "3");
      assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err()).contains("--sed");
    }

    @Test
    void a_non_numeric_seed_is_named() {
      CommandRun run = CommandRun.of("--seed", "abc");
      assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err()).contains("--seed", "abc");
    }

    @Test
    void an_invalid_duration_names_the_key_and_where_it_came_from() {
      CommandRun run = CommandRun.of("--duration", "forever");
      assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err()).contains("run.duration", "\"forever\"", "command line");
    }

    @Test
    void an_invalid_set_override_names_the_key() {
      CommandRun run = CommandRun.of("--set", "workers.concurrency=0");
      assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err()).contains("workers.concurrency", "\"0\"", ">= 1");
    }

    @Test
    void an_invalid_scenario_file_names_the_file_line_and_key(@TempDir Path dir) throws IOException {
      Path file = dir.resolve("bad.conf");
      Files.writeString(file, "# comment\nworkers.servers = three\n");
      CommandRun run = CommandRun.of("--scenario", file.toString(), "--out", dir.toString());
      assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err()).contains("workers.servers", "\"three\"", "bad.conf:2");
    }

    @Test
    void a_missing_scenario_file_is_named(@TempDir Path dir) {
      CommandRun run = CommandRun.of("--scenario", dir.resolve("nope.conf").toString());
      assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err()).contains("nope.conf", "not found");
    }

    @Test
    void an_unknown_backend_lists_the_known_ones() {
      CommandRun run = CommandRun.of("--backend", "mongodb");
      assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err()).contains("mongodb", "inmemory, redis-jedis, redis-redisson");
    }

    @Test
    void an_unknown_defect_lists_the_known_ones() {
      CommandRun run = CommandRun.of("--defect", "lose-everything");
      assertThat(run.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
      assertThat(run.err()).contains("lose-everything", "lose-acked-enqueue");
    }
  }

  @Nested
  class UnreachableRedis {
    @Test
    void is_reported_with_its_uri_and_exit_code_3(@TempDir Path dir) throws IOException {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort(); // free now, so nothing listens there
      }
      String uri = "redis://127.0.0.1:" + port;
      CommandRun run = CommandRun.of("--backend", "redis-jedis", "--redis", uri, "--out", dir.toString());
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.BACKEND_UNAVAILABLE);
      assertThat(run.err()).contains("cannot reach Redis at " + uri);
      assertThat(dir.resolve("report.json")).doesNotExist();
    }

    @Test
    void a_redis_backend_without_a_uri_says_what_is_missing() {
      CommandRun run = CommandRun.of("--backend", "redis-redisson");
      assertThat(run.exitCode()).isEqualTo(ExitCode.BACKEND_UNAVAILABLE);
      assertThat(run.err()).contains("--redis redis://host:port");
    }
  }

  @Nested
  class ARun {
    @Test
    void writes_both_reports_and_a_summary_with_the_verdict(@TempDir Path dir) {
      CommandRun run = CommandRun.shortScenario(dir);
      assertThat(run.exitCode()).as(run.toString()).isIn(ExitCode.OK, ExitCode.GUARANTEE_BROKEN);
      assertThat(run.out()).contains("VERDICT", "Tasks", "Latency", "Faults", "crash", "stall", "pause-queue",
          "wall time", "report.json");
      assertThat(dir.resolve("report.json")).exists();
      assertThat(dir.resolve("report.html")).exists();
    }

    @Test
    void stops_producing_after_the_task_budget_and_starts_no_fault_after_that(@TempDir Path dir) throws IOException {
      CommandRun run = CommandRun.shortScenario(dir, "--tasks", "300");
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
      com.fasterxml.jackson.databind.JsonNode json =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("report.json").toFile());
      assertThat(json.at("/totals/enqueueAttempts").asLong()).isEqualTo(300);
      assertThat(json.at("/run/productionMillis").asLong()).isLessThan(30_000); // 20 tasks/s
      assertThat(json.at("/faults")).allSatisfy(f -> {
        assertThat(f.get("fired").asBoolean()).isFalse();
        assertThat(f.get("observed").asText()).contains("production ended early");
      });
    }
  }
}
