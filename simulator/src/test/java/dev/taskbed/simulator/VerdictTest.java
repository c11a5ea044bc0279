package dev.taskbed.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The verdict comes from the conformance history checker and decides the exit status: a correct
 * backend under crashes, stalls and pauses passes; a backend with a planted bug fails with the
 * anomaly that bug causes.
 */
class VerdictTest {

  private static JsonNode report(Path dir) throws IOException {
    return new ObjectMapper().readTree(dir.resolve("report.json").toFile());
  }

  @Test
  void the_in_memory_backend_keeps_every_guarantee_through_crashes_stalls_and_pauses(@TempDir Path dir)
      throws IOException {
    CommandRun run = CommandRun.shortScenario(dir);
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.OK);
    JsonNode json = report(dir);
    assertThat(json.at("/verdict/status").asText()).isEqualTo("PASS");
    assertThat(json.at("/verdict/checker").asText()).startsWith("conformance history checker");
    assertThat(json.at("/verdict/counts/lost").asLong()).isZero();
    assertThat(json.at("/verdict/counts/tasks acknowledged").asLong()).isEqualTo(json.at("/totals/enqueued").asLong());
    // the faults really fired and made work for the checker to judge
    assertThat(json.at("/faults")).allSatisfy(f -> assertThat(f.get("fired").asBoolean()).isTrue());
    assertThat(json.at("/totals/recovered").asLong()).isPositive();
    assertThat(json.at("/totals/retried").asLong()).isPositive();
    assertThat(run.out()).contains("VERDICT  PASS");
  }

  @ParameterizedTest(name = "{0} is caught as {1}")
  @CsvSource({
      "lose-acked-enqueue, lost",
      "duplicate-delivery, duplicated claim",
      "fast-lease-clock, duplicated claim"})
  void a_planted_broker_bug_fails_the_verdict_and_the_exit_status(String defect, String anomaly, @TempDir Path dir)
      throws IOException {
    CommandRun run = CommandRun.shortScenario(dir, "--defect", defect);
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCode.GUARANTEE_BROKEN);
    JsonNode json = report(dir);
    assertThat(json.at("/plantedDefect").asText()).isEqualTo(defect);
    assertThat(json.at("/verdict/status").asText()).isEqualTo("FAIL");
    assertThat(json.at("/verdict/counts").get(anomaly).asLong()).as(json.at("/verdict").toString()).isPositive();
    assertThat(json.at("/verdict/anomalies").get(0).asText()).startsWith(anomaly);
    assertThat(run.out()).contains("VERDICT  FAIL", "! " + anomaly);
  }
}
