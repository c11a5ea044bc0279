package dev.taskbed.simulator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskbed.QueueStats;
import dev.taskbed.simulator.metrics.Counter;
import dev.taskbed.simulator.metrics.LatencySummary;
import dev.taskbed.simulator.run.FaultRecord;
import java.util.List;
import java.util.Map;

/**
 * {@code report.json}: the whole {@link RunReport}, fields in a fixed order, so two runs with the
 * same seed give identical bytes and reports diff cleanly.
 */
public final class JsonReport {
  /** Bumped when a field changes meaning or goes away. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Objects indented, arrays on one line: a day of samples stays a few thousand lines, not a million. */
  private static final DefaultPrettyPrinter PRINTER =
      new DefaultPrettyPrinter().withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance);

  private JsonReport() {}

  public static String render(RunReport r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", "taskbed-simulation-report");
    root.put("formatVersion", FORMAT_VERSION);
    root.put("scenario", r.scenario());
    root.put("seed", r.seed());
    root.put("mode", r.mode());
    root.put("backend", r.backend());
    if (r.defect() != null) {
      root.put("plantedDefect", r.defect());
    }

    ObjectNode verdict = root.putObject("verdict");
    verdict.put("status", r.verdict().status().name());
    verdict.put("reason", r.verdict().reason());
    verdict.put("checker", r.verdict().checker());
    ObjectNode counts = verdict.putObject("counts");
    r.verdict().counts().forEach(counts::put);
    ArrayNode anomalies = verdict.putArray("anomalies");
    r.verdict().anomalies().forEach(anomalies::add);
    verdict.put("drained", r.drained());
    verdict.put("exitStatus", r.failed() ? "failure" : "success");

    ObjectNode run = root.putObject("run");
    run.put("productionMillis", r.productionMillis());
    run.put("simulatedMillis", r.simulatedMillis());
    run.put("sampleIntervalMillis", r.sampleIntervalMillis());

    ObjectNode totals = root.putObject("totals");
    for (Counter c : Counter.values()) {
      totals.put(c.key(), r.total(c));
    }

    ObjectNode latencies = root.putObject("latencyMillis");
    for (LatencySummary l : r.latencies()) {
      ObjectNode n = latencies.putObject(l.name());
      n.put("count", l.count());
      n.put("p50", l.p50());
      n.put("p90", l.p90());
      n.put("p99", l.p99());
      n.put("p999", l.p999());
      n.put("max", l.max());
      n.put("mean", l.mean());
    }

    ArrayNode queues = root.putArray("finalQueues");
    for (QueueStats q : r.finalQueues()) {
      ObjectNode n = queues.addObject();
      n.put("queue", q.queue());
      n.put("pending", q.pending());
      n.put("active", q.active());
      n.put("scheduled", q.scheduled());
      n.put("retry", q.retry());
      n.put("archived", q.archived());
      n.put("completed", q.completed());
      n.put("paused", q.paused());
    }

    ArrayNode faults = root.putArray("faults");
    for (FaultRecord f : r.faults()) {
      ObjectNode n = faults.addObject();
      n.put("name", f.name());
      n.put("kind", f.kind());
      n.put("target", f.target());
      n.put("startMillis", f.startMillis());
      n.put("endMillis", f.endMillis());
      n.put("fired", f.fired());
      n.put("observed", f.observed());
    }

    ObjectNode timing = root.putObject("timing");
    r.timing().forEach(timing::put);
    ObjectNode settings = root.putObject("settings");
    r.settings().forEach(settings::put);

    ObjectNode series = root.putObject("series");
    ArrayNode offsets = series.putArray("offsetMillis");
    r.series().offsets().forEach(offsets::add);
    for (Map.Entry<String, List<Long>> e : r.series().series().entrySet()) {
      ArrayNode values = series.putArray(e.getKey());
      e.getValue().forEach(values::add);
    }
    try {
      return MAPPER.writer(PRINTER).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render report.json", e);
    }
  }
}
