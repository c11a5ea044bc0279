package dev.taskbed.simulator.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskbed.simulator.scripted.TimingProfile;
import dev.taskbed.simulator.verdict.Check;
import dev.taskbed.simulator.verdict.Verdict;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report of a suite of scripted scenarios (the chaos suite's): {@code <name>-report.md} and
 * {@code <name>-report.json}, one row per scenario and backend. Rows are added as scenarios finish
 * and both files are rewritten each time, so the report exists (with every row so far) even when a
 * scenario fails or the run is cut short. Thread-safe.
 */
public final class SuiteReport {
  private final Path dir;
  private final String name;
  private final String replay;
  private final long masterSeed;
  private final TimingProfile timing;
  private final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final List<ScenarioResult> rows = new ArrayList<>();
  private final Map<String, String> environment = new LinkedHashMap<>();

  /**
   * @param dir where the files go
   * @param name the suite's name, e.g. {@code chaos}: the files are {@code <name>-report.md} and {@code .json}
   * @param masterSeed the seed every row's seed derives from
   * @param replay the command that replays every row's fault plan, e.g. {@code mvn ... -Dtaskbed.chaos.seed=42}
   */
  public SuiteReport(Path dir, String name, long masterSeed, String replay, TimingProfile timing) {
    this.dir = dir;
    this.name = name;
    this.masterSeed = masterSeed;
    this.replay = replay;
    this.timing = timing;
  }

  /** A fact about the run's environment for the report header (Redis version, Toxiproxy version ...). */
  public synchronized void environment(String key, String value) {
    environment.put(key, value);
  }

  /** Adds a row and rewrites both files. */
  public synchronized void add(ScenarioResult row) {
    rows.add(row);
    write();
  }

  public synchronized List<ScenarioResult> rows() {
    return List.copyOf(rows);
  }

  private List<ScenarioResult> sorted() {
    List<ScenarioResult> s = new ArrayList<>(rows);
    s.sort(Comparator.comparingInt(ScenarioResult::number)
        .thenComparing(ScenarioResult::variant, String.CASE_INSENSITIVE_ORDER)
        .thenComparing(ScenarioResult::backend));
    return s;
  }

  private void write() {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + "-report.md"), markdown(), StandardCharsets.UTF_8);
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      Files.writeString(dir.resolve(name + "-report.json"), json.writeValueAsString(json(json)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the " + name + " report to " + dir, e);
    }
  }

  /** The Markdown report. */
  String markdown() {
    StringBuilder s = new StringBuilder();
    s.append("# Taskbed ").append(name).append(" report\n\n");
    s.append("Started ").append(started).append(". Master seed `").append(masterSeed)
        .append("`: replay every fault plan with `").append(replay)
        .append("` (the seed fixes the plan, not the timing of real sockets).\n\n");
    environment.forEach((k, v) -> s.append("- ").append(k).append(": ").append(v).append('\n'));
    s.append("\nTiming profile `").append(timing.name()).append("`: ");
    List<String> t = new ArrayList<>();
    timing.describe().forEach((k, v) -> t.add(k + " " + v));
    s.append(String.join(", ", t)).append(".\n\n");

    s.append("| # | scenario | backend | operations | ok / failed / unknown | lost | duplicated claims | stale writes accepted | longest recovery | verdict |\n");
    s.append("|---:|---|---|---:|---|---:|---:|---:|---:|---|\n");
    for (ScenarioResult r : sorted()) {
      s.append("| ").append(r.number()).append(" | ").append(r.title()).append(" | ").append(r.backend()).append(" | ")
          .append(r.operations()).append(" | ").append(r.ok()).append(" / ").append(r.failed()).append(" / ").append(r.unknown())
          .append(" | ").append(r.lost()).append(" | ").append(r.duplicatedClaims()).append(" | ").append(r.staleWrites())
          .append(" | ").append(recovery(r)).append(" | ").append(verdictCell(r)).append(" |\n");
    }
    long passed = rows.stream().filter(r -> r.verdict().status() == Verdict.Status.PASS).count();
    s.append("\n").append(passed).append(" of ").append(rows.size()).append(" rows passed.\n\n");
    s.append("""
        How to read it: *operations* are the broker calls in the checked history (every attempt of every
        enqueue, claim, ack, extension, maintenance call and read, from every client and worker process);
        *ok* took effect, *failed* certainly did not, *unknown* may or may not have (timeouts, torn
        connections, unconfirmed replication, calls cut off by a kill). *lost*, *duplicated claims* and *stale
        writes accepted* are the history checker's counts (conformance kit, Jepsen-style: every anomaly it
        reports is certain however the unknown outcomes turned out); resurrected completions, unexpected
        tasks and early deliveries are in each row's details. *Longest recovery*: for each fault, the longer of
        the time from its end until a task was completed again and the time from its start until every task
        it stranded (completed later under a newer claim) was completed; the longest over the row's faults. A verdict of PASS means the guarantee held
        *and* the fault was observed to fire; for the negative control and the failover's default mode, PASS
        means the checker reported the loss it had to report.

        """);

    s.append("## Details\n");
    for (ScenarioResult r : sorted()) {
      s.append("\n### ").append(r.number()).append(". ").append(r.title()).append(" — ").append(r.backend()).append(" — ")
          .append(r.verdict().status()).append("\n\n");
      s.append("Guarantee: ").append(r.guarantee()).append("  \n");
      s.append("History check must show: ").append(r.expectation()).append(". Verdict: ").append(r.verdict().reason())
          .append("  \n");
      s.append("Seed `").append(r.seed()).append("`, ran ").append(seconds(r.elapsed())).append(".\n\n");
      if (!r.faultPlan().isEmpty()) {
        s.append("Fault plan:\n");
        r.faultPlan().forEach(f -> s.append("- ").append(f).append('\n'));
        s.append('\n');
      }
      s.append("Checks:\n");
      for (Check c : r.verdict().checks()) {
        s.append("- ").append(c.passed() ? "✔" : "✘").append(c.evidence() ? " (fault fired) " : " ").append(c.what())
            .append(c.detail().isEmpty() ? "" : ": " + c.detail()).append('\n');
      }
      if (!r.notes().isEmpty()) {
        s.append("\nNotes:\n");
        r.notes().forEach(n -> s.append("- ").append(n).append('\n'));
      }
      s.append("\nResurrected (double terminal): ").append(r.doubleTerminal()).append(", unexpected: ").append(r.unexpected())
          .append(", early deliveries: ").append(r.earlyDeliveries()).append(".\n\n");
      s.append("<details><summary>history check</summary>\n\n").append(r.checkerSummary().replace("### ", "#### "))
          .append("\n</details>\n");
    }
    return s.toString();
  }

  private static String verdictCell(ScenarioResult r) {
    return r.verdict().status() == Verdict.Status.PASS ? "PASS" : "**" + r.verdict().status() + "**";
  }

  private static String recovery(ScenarioResult r) {
    if (r.unrecovered() != null) {
      return "never (after " + r.unrecovered() + ")";
    }
    return r.longestRecovery() == null ? "–" : seconds(r.longestRecovery());
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  private ObjectNode json(ObjectMapper m) {
    ObjectNode root = m.createObjectNode();
    root.put("started", started.toString());
    root.put("masterSeed", masterSeed);
    root.put("replay", replay);
    ObjectNode env = root.putObject("environment");
    environment.forEach(env::put);
    ObjectNode t = root.putObject("timing");
    t.put("name", timing.name());
    timing.describe().forEach(t::put);
    ArrayNode out = root.putArray("rows");
    for (ScenarioResult r : sorted()) {
      ObjectNode o = out.addObject();
      o.put("number", r.number());
      o.put("scenario", r.scenario());
      o.put("variant", r.variant());
      o.put("backend", r.backend());
      o.put("seed", r.seed());
      o.put("guarantee", r.guarantee());
      o.put("expectation", r.expectation());
      r.faultPlan().forEach(o.putArray("faultPlan")::add);
      o.put("operations", r.operations());
      o.put("ok", r.ok());
      o.put("failed", r.failed());
      o.put("unknown", r.unknown());
      o.put("lost", r.lost());
      o.put("duplicatedClaims", r.duplicatedClaims());
      o.put("staleWritesAccepted", r.staleWrites());
      o.put("resurrected", r.doubleTerminal());
      o.put("unexpected", r.unexpected());
      o.put("earlyDeliveries", r.earlyDeliveries());
      if (r.longestRecovery() == null) {
        o.putNull("longestRecoveryMillis");
      } else {
        o.put("longestRecoveryMillis", r.longestRecovery().toMillis());
      }
      o.put("unrecoveredFault", r.unrecovered());
      ArrayNode checks = o.putArray("checks");
      for (Check c : r.verdict().checks()) {
        ObjectNode co = checks.addObject();
        co.put("what", c.what());
        co.put("passed", c.passed());
        co.put("evidenceOfFault", c.evidence());
        co.put("detail", c.detail());
      }
      r.notes().forEach(o.putArray("notes")::add);
      o.put("verdict", r.verdict().status().name());
      o.put("verdictReason", r.verdict().reason());
      o.put("elapsedMillis", r.elapsed().toMillis());
    }
    return root;
  }
}
