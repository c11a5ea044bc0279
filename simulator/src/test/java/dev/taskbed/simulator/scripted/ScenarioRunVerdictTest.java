package dev.taskbed.simulator.scripted;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.conformance.history.RecordingBroker;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.simulator.backend.RedisDriver;
import dev.taskbed.simulator.report.ScenarioResult;
import dev.taskbed.simulator.verdict.Expectation;
import dev.taskbed.simulator.verdict.Verdict;
import dev.taskbed.spi.EnqueueRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The verdict rules, on the in-memory broker: a row passes only if its fault was observed and the
 * history check says what the scenario expects; a negative control passes only if loss is reported.
 */
class ScenarioRunVerdictTest {
  private static final ScenarioInfo INFO = new ScenarioInfo(99, "verdicts", "the rules hold");

  private final InMemoryBroker broker = InMemoryBroker.create();

  private ScenarioRun run() {
    return new ScenarioRun(INFO, RedisDriver.JEDIS, "", 1L, TimingProfile.COMPRESSED);
  }

  private static EnqueueRequest request(ScenarioRun run, String id) {
    return new EnqueueRequest(id, run.queue(), "t", "p".getBytes(StandardCharsets.UTF_8), Map.of(), 2, 0, 0, 0, 0, 0, null,
        0, "h-" + id, 5L);
  }

  @Nested
  class ARunExpectingNoAnomaly {
    @Test
    void passes_when_the_fault_fired_and_the_history_is_clean() {
      try (ScenarioRun run = run()) {
        RecordingBroker b = run.record(broker);
        assertThat(b.enqueue(request(run, "a")).outcome()).isEqualTo(EnqueueOutcome.CREATED);
        run.evidence("the fault fired", true, "");
        ScenarioResult r = run.finish(run.recordAdmin(broker), Expectation.NO_ANOMALY);
        assertThat(r.verdict().status()).isEqualTo(Verdict.Status.PASS);
        assertThat(r.operations()).isEqualTo(2); // the enqueue and the final read
      }
    }

    @Test
    void fails_when_the_fault_was_never_observed() {
      try (ScenarioRun run = run()) {
        run.evidence("the fault fired", false, "0 times");
        ScenarioResult r = run.finish(run.recordAdmin(broker), Expectation.NO_ANOMALY);
        assertThat(r.verdict().status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(r.verdict().reason()).contains("never observed");
      }
    }

    @Test
    void fails_when_a_scenario_check_breaks() {
      try (ScenarioRun run = run()) {
        run.evidence("the fault fired", true, "");
        run.check("the queue drained", false, "3 left");
        assertThat(run.finish(run.recordAdmin(broker), Expectation.NO_ANOMALY).verdict().status()).isEqualTo(Verdict.Status.FAIL);
      }
    }

    @Test
    void fails_when_the_checker_finds_loss() {
      try (ScenarioRun run = run()) {
        run.record(broker).enqueue(request(run, "a"));
        broker.delete(run.queue(), "a"); // behind the recorder's back: an acknowledged task vanishes
        run.evidence("the fault fired", true, "");
        ScenarioResult r = run.finish(run.recordAdmin(broker), Expectation.NO_ANOMALY);
        assertThat(r.verdict().status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(r.lost()).isEqualTo(1);
      }
    }
  }

  @Nested
  class ANegativeControl {
    @Test
    void passes_only_when_loss_is_reported() {
      try (ScenarioRun run = run()) {
        run.record(broker).enqueue(request(run, "a"));
        broker.delete(run.queue(), "a");
        run.evidence("the fault fired", true, "");
        assertThat(run.finish(run.recordAdmin(broker), Expectation.LOSS_REPORTED).verdict().status()).isEqualTo(Verdict.Status.PASS);
      }
      try (ScenarioRun run = run()) {
        run.record(broker).enqueue(request(run, "b"));
        run.evidence("the fault fired", true, "");
        assertThat(run.finish(run.recordAdmin(broker), Expectation.LOSS_REPORTED).verdict().status()).isEqualTo(Verdict.Status.FAIL);
      }
    }
  }

  @Test
  void a_run_that_must_show_loss_but_does_not_is_inconclusive() {
    try (ScenarioRun run = run()) {
      run.record(broker).enqueue(request(run, "a"));
      run.evidence("the fault fired", true, "");
      assertThat(run.finish(run.recordAdmin(broker), Expectation.LOSS_SHOWN).verdict().status()).isEqualTo(Verdict.Status.INCONCLUSIVE);
    }
  }
}
