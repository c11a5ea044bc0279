package dev.taskbed.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbed.simulator.config.Distribution;
import dev.taskbed.simulator.config.FaultKind;
import dev.taskbed.simulator.config.Scenario;
import dev.taskbed.simulator.config.ScenarioException;
import dev.taskbed.simulator.config.ScenarioFile;
import dev.taskbed.simulator.config.ScenarioLoader;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {

  private static Scenario overlay(String text) {
    return ScenarioLoader.withDefaults().overlay(ScenarioFile.parse("my.conf", text)).load();
  }

  private static ScenarioException rejected(String text) {
    try {
      overlay(text);
    } catch (ScenarioException e) {
      return e;
    }
    throw new AssertionError("scenario was accepted:\n" + text);
  }

  @Nested
  class TheDefaultScenario {
    @Test
    void describes_an_email_workload_with_every_fault_kind_available_in_memory() {
      Scenario s = ScenarioLoader.withDefaults().load();
      assertThat(s.name()).isEqualTo("email");
      assertThat(s.workers().queues()).containsExactly(
          java.util.Map.entry("critical", 6), java.util.Map.entry("default", 3), java.util.Map.entry("low", 1));
      assertThat(s.tasks()).extracting(t -> t.name())
          .containsExactly("password-reset", "receipt", "welcome", "newsletter", "digest");
      assertThat(s.task("welcome").delayedFraction()).isEqualTo(1.0);
      assertThat(s.task("digest").unique()).isTrue();
      assertThat(s.task("newsletter").latency()).isEqualTo(new Distribution.LogNormal(Duration.ofMillis(300), 1.2));
      assertThat(s.faults()).extracting(f -> f.kind())
          .containsExactly(FaultKind.CRASH, FaultKind.STALL, FaultKind.PAUSE_QUEUE);
    }

    @Test
    void takes_attribute_defaults_from_star_entries() {
      Scenario s = ScenarioLoader.withDefaults().load();
      assertThat(s.task("digest").queue()).isEqualTo("default");
      assertThat(s.task("digest").payloadBytes()).isEqualTo(200);
      assertThat(s.task("welcome").maxRetry()).isEqualTo(25);
    }
  }

  @Nested
  class Layering {
    @Test
    void a_file_that_names_task_kinds_replaces_the_default_kinds_but_keeps_plain_keys() {
      Scenario s = overlay("""
          task.ping.type = ping
          producer.p.mix = ping:1
          workers.servers = 1
          fault.c.kind = crash
          fault.c.target = worker-1
          fault.c.at = 1m
          fault.c.duration = 5s
          """);
      assertThat(s.tasks()).extracting(t -> t.name()).containsExactly("ping");
      assertThat(s.producers()).extracting(p -> p.name()).containsExactly("p");
      assertThat(s.producers().get(0).perSecond()).isEqualTo(1.0); // producer.*.rate
      assertThat(s.workers().lease()).isEqualTo(Duration.ofSeconds(30));
      assertThat(s.faults()).hasSize(1);
    }

    @Test
    void a_command_line_override_patches_one_key_without_replacing_its_group() {
      Scenario s = ScenarioLoader.withDefaults().override("task.receipt.failure-rate", "0.5").load();
      assertThat(s.task("receipt").failureRate()).isEqualTo(0.5);
      assertThat(s.tasks()).hasSize(5);
    }

    @Test
    void the_built_in_realtime_scenario_compresses_the_timing_and_keeps_the_email_workload() {
      Scenario s = ScenarioLoader.withDefaults().overlayFileOrBuiltIn("realtime").load();
      assertThat(s.name()).isEqualTo("email-realtime");
      assertThat(s.workers().lease()).isEqualTo(Duration.ofSeconds(2));
      assertThat(s.workers().heartbeat()).isEqualTo(Duration.ofMillis(500));
      assertThat(s.tasks()).hasSize(5);
      assertThat(s.faults()).allSatisfy(f -> assertThat(f.at()).isLessThan(s.run().duration()));
    }

    @Test
    void every_effective_setting_is_reported_sorted() {
      Scenario s = ScenarioLoader.withDefaults().override("seed", "9").load();
      assertThat(s.seed()).isEqualTo(9);
      assertThat(s.settings()).containsEntry("seed", "9").containsKey("workers.lease");
      assertThat(java.util.List.copyOf(s.settings().keySet())).isSorted();
    }
  }

  @Nested
  class Rejections {
    @Test
    void a_bad_duration_names_the_key_the_value_and_the_line() {
      ScenarioException e = rejected("\n\nworkers.lease = 30 seconds\n");
      assertThat(e.key()).isEqualTo("workers.lease");
      assertThat(e.getMessage()).contains("workers.lease", "\"30 seconds\"", "my.conf:3", "duration");
    }

    @Test
    void an_unknown_key_is_named() {
      ScenarioException e = rejected("workers.leese = 30s\n");
      assertThat(e.getMessage()).contains("unknown key workers.leese", "my.conf:1");
    }

    @Test
    void an_unknown_task_attribute_is_named_with_the_known_ones() {
      ScenarioException e = rejected("task.receipt.latancy = 5ms\n");
      assertThat(e.getMessage()).contains("task.receipt.latancy", "latency");
    }

    @Test
    void a_failure_rate_outside_zero_to_one_is_rejected() {
      ScenarioException e = ScenarioLoaderTest.this.rejectedOverride("task.receipt.failure-rate", "1.5");
      assertThat(e.getMessage()).contains("task.receipt.failure-rate", "\"1.5\"", "between 0 and 1", "command line");
    }

    @Test
    void a_rate_without_a_unit_is_rejected() {
      ScenarioException e = rejectedOverride("producer.web.rate", "6");
      assertThat(e.getMessage()).contains("producer.web.rate", "20/s");
    }

    @Test
    void a_malformed_distribution_is_rejected() {
      ScenarioException e = rejectedOverride("task.receipt.latency", "uniform(5s)");
      assertThat(e.getMessage()).contains("task.receipt.latency", "uniform(min, max)");
      assertThat(rejectedOverride("task.receipt.latency", "uniform(5s, 1s)").getMessage()).contains("min must not exceed max");
      assertThat(rejectedOverride("task.receipt.latency", "gaussian(5s)").getMessage()).contains("lognormal");
    }

    @Test
    void a_mix_naming_a_missing_task_kind_is_rejected() {
      ScenarioException e = rejectedOverride("producer.web.mix", "receipt:1, invoice:2");
      assertThat(e.key()).isEqualTo("producer.web.mix");
      assertThat(e.getMessage()).contains("no task kind named invoice");
    }

    @Test
    void a_task_on_a_queue_no_worker_serves_is_rejected() {
      ScenarioException e = rejectedOverride("task.receipt.queue", "billing");
      assertThat(e.getMessage()).contains("task.receipt.queue", "no worker serves this queue");
    }

    @Test
    void a_heartbeat_of_half_the_lease_or_more_is_rejected() {
      ScenarioException e = rejectedOverride("workers.heartbeat", "15s");
      assertThat(e.key()).isEqualTo("workers.heartbeat");
      assertThat(e.getMessage()).contains("less than half of workers.lease");
    }

    @Test
    void a_fault_on_a_worker_that_does_not_exist_is_rejected() {
      ScenarioException e = rejectedOverride("fault.crash.target", "worker-9");
      assertThat(e.getMessage()).contains("fault.crash.target", "worker-1 to worker-3");
    }

    @Test
    void an_unknown_fault_kind_lists_the_known_ones() {
      ScenarioException e = rejectedOverride("fault.crash.kind", "explode");
      assertThat(e.getMessage()).contains("fault.crash.kind", "crash, stall, pause-queue");
    }

    @Test
    void a_repeat_period_not_longer_than_the_fault_is_rejected() {
      ScenarioException e = rejectedOverride("fault.crash.every", "30s");
      assertThat(e.getMessage()).contains("fault.crash.every", "longer than the fault's duration");
    }

    @Test
    void a_line_without_equals_and_a_key_given_twice_are_rejected_with_their_lines() {
      assertThat(rejected("seed 3\n").getMessage()).contains("my.conf:1", "key = value");
      assertThat(rejected("seed = 3\nseed = 4\n").getMessage()).contains("my.conf:2", "already set at my.conf:1");
    }

    @Test
    void a_negative_task_count_is_rejected() {
      assertThat(rejectedOverride("run.max-tasks", "-1").getMessage()).contains("run.max-tasks", ">= 0");
    }
  }

  ScenarioException rejectedOverride(String key, String value) {
    try {
      ScenarioLoader.withDefaults().override(key, value).load();
    } catch (ScenarioException e) {
      return e;
    }
    throw new AssertionError(key + " = " + value + " was accepted");
  }

  @Test
  void rejects_a_bad_value_even_when_it_is_first_read_through_a_star_default() {
    assertThatThrownBy(() -> ScenarioLoader.withDefaults().override("task.*.payload-bytes", "big").load())
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("task.*.payload-bytes");
  }
}
