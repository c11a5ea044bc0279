package dev.taskbed.simulator.report;

import dev.taskbed.QueueStats;
import dev.taskbed.simulator.metrics.Counter;
import dev.taskbed.simulator.metrics.LatencySummary;
import dev.taskbed.simulator.run.FaultRecord;
import dev.taskbed.simulator.verdict.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.html}: one self-contained page (inline CSS and SVG, no network) with the verdict,
 * the figures with fault windows shaded, and the tables. A tiny inline script marks the page as
 * rendered ({@code <body data-rendered="N">}, N = charts found), which the headless-browser test
 * checks.
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static String render(RunReport r) {
    StringBuilder s = new StringBuilder();
    s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Taskbed simulation: ").append(escape(r.scenario())).append(", seed ").append(r.seed())
        .append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");

    s.append("<h1>Taskbed simulation: ").append(escape(r.scenario())).append("</h1>\n");
    s.append("<p class=\"meta\">seed <b>").append(r.seed()).append("</b> · ").append(escape(r.mode()))
        .append(" · backend ").append(escape(r.backend())).append(" · produced for ")
        .append(TerminalSummary.human(r.productionMillis())).append(", ran ")
        .append(TerminalSummary.human(r.simulatedMillis())).append(r.mode().equals("deterministic") ? " (virtual time)" : "")
        .append("</p>\n");
    if (r.defect() != null) {
      s.append("<p class=\"defect\">Planted broker defect (negative control): <b>").append(escape(r.defect()))
          .append("</b>. This run is expected to fail.</p>\n");
    }

    Verdict v = r.verdict();
    String cls = v.status() == Verdict.Status.PASS && r.drained() ? "pass" : v.failed() || !r.drained() ? "fail" : "unchecked";
    s.append("<section class=\"verdict ").append(cls).append("\" id=\"verdict\">\n<h2>Verdict: ").append(v.status())
        .append(r.drained() ? "" : ", not drained").append("</h2>\n<p>").append(escape(v.reason())).append(" · checker: ")
        .append(escape(v.checker())).append("</p>\n");
    if (!v.counts().isEmpty()) {
      s.append("<table class=\"counts\"><tr>");
      v.counts().keySet().forEach(k -> s.append("<th>").append(escape(k)).append("</th>"));
      s.append("</tr><tr>");
      v.counts().values().forEach(n -> s.append(td(n)));
      s.append("</tr></table>\n");
    }
    s.append("<p>retried ").append(r.total(Counter.RETRIED)).append(" · archived ").append(r.total(Counter.ARCHIVED))
        .append(" · recovered ").append(r.total(Counter.RECOVERED)).append(" · acks refused ")
        .append(r.total(Counter.ACKS_REFUSED)).append("</p>\n");
    if (!v.anomalies().isEmpty() || !r.drained()) {
      s.append("<ul class=\"anomalies\">");
      v.anomalies().stream().limit(200).forEach(a -> s.append("<li>").append(escape(a)).append("</li>"));
      if (v.anomalies().size() > 200) {
        s.append("<li>… ").append(v.anomalies().size() - 200).append(" more in report.json</li>");
      }
      if (!r.drained()) {
        s.append("<li>tasks were still unfinished when run.drain-timeout ran out</li>");
      }
      s.append("</ul>\n");
    }
    s.append("</section>\n");

    List<Long> offsets = r.series().offsets();
    Map<String, List<Long>> series = r.series().series();
    long end = offsets.isEmpty() ? r.simulatedMillis() : offsets.get(offsets.size() - 1);
    double perSecond = 1000.0 / r.sampleIntervalMillis();

    if (offsets.size() > SvgChart.MAX_POINTS) {
      s.append("<p class=\"note\">").append(offsets.size()).append(" samples, one every ")
          .append(TerminalSummary.human(r.sampleIntervalMillis())).append(": each point of a figure is the mean of ")
          .append((offsets.size() + SvgChart.MAX_POINTS - 1) / SvgChart.MAX_POINTS)
          .append(" consecutive samples; report.json has them all.</p>\n");
    }
    Map<String, double[]> throughput = new LinkedHashMap<>();
    throughput.put("completed / s", scaled(series.get("completed"), perSecond));
    throughput.put("enqueued / s", scaled(series.get("enqueued"), perSecond));
    chart(s, "throughput", "Throughput (tasks per second)", offsets, throughput, r.faults(), end);

    Map<String, double[]> depth = new LinkedHashMap<>();
    series.forEach((name, values) -> {
      if (name.startsWith("pending ")) {
        depth.put(name, scaled(values, 1));
      }
    });
    depth.put("scheduled (delayed)", scaled(series.get("scheduled"), 1));
    depth.put("retry (backing off)", scaled(series.get("retry"), 1));
    depth.put("active", scaled(series.get("active"), 1));
    chart(s, "depth", "Queue depth (tasks)", offsets, depth, r.faults(), end);

    Map<String, double[]> retries = new LinkedHashMap<>();
    retries.put("retried / s", scaled(series.get("retried"), perSecond));
    retries.put("recovered / s (expired leases)", scaled(series.get("recovered"), perSecond));
    retries.put("archived / s", scaled(series.get("archived"), perSecond));
    chart(s, "retries", "Retries, recoveries and archives (per second)", offsets, retries, r.faults(), end);

    Map<String, double[]> wait = new LinkedHashMap<>();
    wait.put("p99 enqueue→start in the interval (ms)", scaled(series.get("wait p99 ms"), 1));
    chart(s, "wait", "Wait before the first attempt, p99 per sample interval (ms)", offsets, wait, r.faults(), end);

    s.append("<h2>Latency percentiles (ms)</h2>\n<p class=\"note\">Measured from when a task became due: its enqueue, "
        + "or the end of its delay for delayed tasks. HdrHistogram, 3 significant digits.</p>\n");
    s.append("<table id=\"latency\"><tr><th></th><th>count</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th>"
        + "<th>max</th><th>mean</th></tr>\n");
    for (LatencySummary l : r.latencies()) {
      s.append("<tr><th>").append(escape(l.name())).append("</th>").append(td(l.count())).append(td(l.p50()))
          .append(td(l.p90())).append(td(l.p99())).append(td(l.p999())).append(td(l.max()))
          .append("<td>").append(String.format(Locale.ROOT, "%.1f", l.mean())).append("</td></tr>\n");
    }
    s.append("</table>\n");

    s.append("<h2>Tasks</h2>\n<table id=\"totals\">\n");
    for (Counter c : Counter.values()) {
      s.append("<tr><th>").append(escape(c.label())).append("</th>").append(td(r.total(c))).append("<td class=\"note\">")
          .append(escape(c.meaning())).append("</td></tr>\n");
    }
    s.append("</table>\n");

    s.append("<h2>Faults</h2>\n");
    if (r.faults().isEmpty()) {
      s.append("<p>None scheduled.</p>\n");
    } else {
      s.append("<table id=\"faults\"><tr><th>from</th><th>to</th><th>fault</th><th>kind</th><th>target</th>"
          + "<th>fired</th><th>observed</th></tr>\n");
      for (FaultRecord f : r.faults()) {
        s.append("<tr><td>").append(TerminalSummary.clock(f.startMillis())).append("</td><td>")
            .append(TerminalSummary.clock(f.endMillis())).append("</td><td>").append(escape(f.name())).append("</td><td>")
            .append(escape(f.kind())).append("</td><td>").append(escape(f.target())).append("</td><td>")
            .append(f.fired() ? "yes" : "<b>no</b>").append("</td><td>").append(escape(f.observed())).append("</td></tr>\n");
      }
      s.append("</table>\n");
    }

    s.append("<h2>Queues at the end</h2>\n<table id=\"queues\"><tr><th>queue</th><th>pending</th><th>active</th>"
        + "<th>scheduled</th><th>retry</th><th>archived</th><th>completed</th><th>paused</th></tr>\n");
    for (QueueStats q : r.finalQueues()) {
      s.append("<tr><th>").append(escape(q.queue())).append("</th>").append(td(q.pending())).append(td(q.active()))
          .append(td(q.scheduled())).append(td(q.retry())).append(td(q.archived())).append(td(q.completed()))
          .append("<td>").append(q.paused()).append("</td></tr>\n");
    }
    s.append("</table>\n");

    s.append("<details><summary>Timing profile and scenario settings</summary>\n<table id=\"settings\">\n");
    r.timing().forEach((k, val) -> s.append("<tr><th>").append(escape(k)).append("</th><td class=\"text\">")
        .append(escape(val)).append("</td></tr>\n"));
    r.settings().forEach((k, val) -> s.append("<tr><th>").append(escape(k)).append("</th><td class=\"text\">")
        .append(escape(val)).append("</td></tr>\n"));
    s.append("</table>\n</details>\n");
    s.append("<p class=\"note\">Replay: <code>./simulate --seed ").append(r.seed())
        .append("</code> with the same scenario settings gives this report again")
        .append(r.mode().equals("deterministic") ? ", byte for byte." : " plan (real time is not deterministic).")
        .append("</p>\n");
    s.append("<script>document.body.setAttribute('data-rendered', String(document.querySelectorAll('svg.chart').length));"
        + "</script>\n</body>\n</html>\n");
    return s.toString();
  }

  private static void chart(StringBuilder s, String id, String title, List<Long> offsets, Map<String, double[]> series,
      List<FaultRecord> faults, long end) {
    s.append("<h2>").append(escape(title)).append("</h2>\n");
    s.append(SvgChart.render(id, offsets, series, faults, end));
  }

  private static double[] scaled(List<Long> values, double factor) {
    double[] out = new double[values == null ? 0 : values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i) * factor;
    }
    return out;
  }

  private static String td(long n) {
    return "<td>" + String.format(Locale.ROOT, "%,d", n) + "</td>";
  }

  static String escape(String text) {
    StringBuilder s = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<':
          s.append("&lt;");
          break;
        case '>':
          s.append("&gt;");
          break;
        case '&':
          s.append("&amp;");
          break;
        case '"':
          s.append("&quot;");
          break;
        default:
          s.append(c);
      }
    }
    return s.toString();
  }

  private static final String CSS = String.join("\n",
      "body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1000px;"
          + "color:#222;padding:0 12px}",
      "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:26px 0 6px}",
      ".meta,.note{color:#666}.note{font-size:12px}",
      ".defect{background:#fff3cd;border:1px solid #e0c36a;padding:6px 10px}",
      ".verdict{border-radius:6px;padding:8px 14px;margin:14px 0}.verdict h2{margin:4px 0}",
      ".verdict.pass{background:#e6f4ea;border:1px solid #34a853}.verdict.fail{background:#fce8e6;border:1px solid #d93025}",
      ".verdict.unchecked{background:#f1f3f4;border:1px solid #9aa0a6}",
      "table{border-collapse:collapse;margin:6px 0}th,td{padding:3px 10px;border-bottom:1px solid #e3e3e3}",
      "td{text-align:right;font-variant-numeric:tabular-nums}td.text,td.note{text-align:left}th{text-align:left;font-weight:600}",
      "svg.chart{width:100%;height:auto;background:#fcfcfc;border:1px solid #e3e3e3}",
      ".series{fill:none;stroke-width:1.4}.grid{stroke:#eee}.axis{stroke:#999}",
      ".tick{font-size:10px;fill:#666}.fault{fill:#d93025;fill-opacity:.10}.fault.stall{fill:#f9ab00;fill-opacity:.18}",
      ".fault.pause-queue{fill:#1a73e8;fill-opacity:.10}.fault-label{font-size:10px;fill:#a00}",
      ".legend{font-size:12px;color:#444;margin:2px 0 8px}.legend span{margin-right:14px;white-space:nowrap}",
      ".legend i{display:inline-block;width:14px;height:3px;margin-right:5px;vertical-align:middle}",
      ".legend i.fault-key{height:10px;background:#d93025;opacity:.2}",
      "#faults td,#settings td{text-align:left}",
      "code{background:#f1f3f4;padding:1px 4px;border-radius:3px}",
      "");
}
