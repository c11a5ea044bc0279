package dev.taskbed.simulator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskbed.conformance.history.AnomalyKind;
import dev.taskbed.simulator.scripted.TimingProfile;
import dev.taskbed.simulator.verdict.Check;
import dev.taskbed.simulator.verdict.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteReportTest {

  static ScenarioResult row(int number, String backend, Verdict.Status status, int lost) {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put(AnomalyKind.LOST.label(), (long) lost);
    counts.put(AnomalyKind.DUPLICATED_CLAIM.label(), 1L);
    counts.put(AnomalyKind.STALE_WRITE.label(), 2L);
    Verdict verdict = new Verdict(status, "because", "checker", counts, List.of(),
        List.of(new Check("the fault fired", true, "3 times", true), new Check("it drained", status == Verdict.Status.PASS, "", false)));
    return new ScenarioResult(number, "scenario " + number, backend, "", 7L, "it holds", "no anomaly",
        List.of("a fault"), 100, 90, 4, 6, Duration.ofMillis(2_500), null, verdict, List.of("a note"),
        "### History check: valid\n", Duration.ofSeconds(9));
  }

  @Test
  void both_files_have_one_row_per_scenario_and_backend_with_the_issues_columns(@TempDir Path dir) throws Exception {
    SuiteReport report = new SuiteReport(dir, "chaos", 1234L, "mvn -pl chaos -am verify -Dtaskbed.chaos.seed=1234",
        TimingProfile.COMPRESSED);
    report.add(row(2, "redisson", Verdict.Status.FAIL, 3));
    report.add(row(1, "jedis", Verdict.Status.PASS, 0));

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
