package dev.taskbed.chaos.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskbed.chaos.ChaosTiming;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChaosReportTest {

  static ScenarioResult row(int number, String backend, Verdict verdict, int lost) {
    return new ScenarioResult(number, "scenario " + number, backend, "", 7L, "it holds", "no anomaly",
        List.of("a fault"), 100, 90, 4, 6, lost, 1, 2, 0, 0, 0, Duration.ofMillis(2_500), null,
        List.of(new Check("the fault fired", true, "3 times", true), new Check("it drained", verdict == Verdict.PASS, "", false)),
        verdict, "because", List.of("a note"), "### History check: valid\n", Duration.ofSeconds(9));
  }

  @Test
  void bothFiles_haveOneRowPerScenarioAndBackend_withTheIssuesColumns(@TempDir Path dir) throws Exception {
    ChaosReport report = new ChaosReport(dir, 1234L, ChaosTiming.COMPRESSED);
    report.add(row(2, "redisson", Verdict.FAIL, 3));
    report.add(row(1, "jedis", Verdict.PASS, 0));

    String md = Files.readString(dir.resolve("chaos-report.md"));
    assertThat(md).contains("| # | scenario | backend | operations | ok / failed / unknown | lost | duplicated claims "
        + "| stale writes accepted | longest recovery | verdict |");
    assertThat(md).contains("| 1 | scenario 1 | jedis | 100 | 90 / 4 / 6 | 0 | 1 | 2 | 2.5 s | PASS |");
    assertThat(md).contains("| 2 | scenario 2 | redisson | 100 | 90 / 4 / 6 | 3 | 1 | 2 | 2.5 s | **FAIL** |");
    assertThat(md.indexOf("| 1 | scenario 1")).isLessThan(md.indexOf("| 2 | scenario 2"));
    assertThat(md).contains("-Dtaskbed.chaos.seed=1234", "compressed-2s", "lease 2 s");

    JsonNode json = new ObjectMapper().readTree(dir.resolve("chaos-report.json").toFile());
    assertThat(json.get("masterSeed").asLong()).isEqualTo(1234L);
    assertThat(json.get("rows")).hasSize(2);
    JsonNode first = json.get("rows").get(0);
    assertThat(first.get("backend").asText()).isEqualTo("jedis");
    for (String field : List.of("operations", "ok", "failed", "unknown", "lost", "duplicatedClaims", "staleWritesAccepted",
        "longestRecoveryMillis", "verdict")) {
      assertThat(first.has(field)).as(field).isTrue();
    }
  }
}
