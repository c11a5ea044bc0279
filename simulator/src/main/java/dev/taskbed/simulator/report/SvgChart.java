package dev.taskbed.simulator.report;

import dev.taskbed.simulator.run.FaultRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A line chart as inline SVG: time on the x axis, one or more series, fault windows shaded and
 * labelled. No scripts and no external resources, so a report renders anywhere, offline; every
 * number is formatted with a fixed locale and precision so the same data gives the same bytes.
 * Long runs are reduced to at most {@value #MAX_POINTS} points per series by averaging buckets.
 */
final class SvgChart {
  static final int MAX_POINTS = 600;
  /** With more fault windows than this, labels would overlap; the shading and tooltips remain. */
  static final int MAX_FAULT_LABELS = 20;
  private static final int WIDTH = 960;
  private static final int HEIGHT = 260;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 14;
  private static final int BOTTOM = 28;
  private static final String[] PALETTE = {
      "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#17becf"};

  private SvgChart() {}

  /**
   * @param offsets sample times, ms from the start of the run
   * @param series name to values (same length as offsets), drawn in order
   * @param faults windows to shade
   * @param endMillis right edge of the x axis
   */
  static String render(String id, List<Long> offsets, Map<String, double[]> series, List<FaultRecord> faults,
      long endMillis) {
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    long xMax = Math.max(1, endMillis);
    Reduced reduced = reduce(offsets, series);
    double yMax = 0;
    for (double[] values : reduced.series.values()) {
      for (double v : values) {
        yMax = Math.max(yMax, v);
      }
    }
    double yTop = niceCeiling(yMax);

    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"chart\" id=\"").append(id).append("\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\">\n");
    // fault windows first, beneath the lines
    for (FaultRecord f : faults) {
      double x0 = LEFT + plotW * (double) Math.min(f.startMillis(), xMax) / xMax;
      double x1 = LEFT + plotW * (double) Math.min(f.endMillis(), xMax) / xMax;
      s.append("<rect class=\"fault ").append(f.kind()).append("\" x=\"").append(fmt(x0)).append("\" y=\"").append(TOP)
          .append("\" width=\"").append(fmt(Math.max(1.5, x1 - x0))).append("\" height=\"").append(plotH)
          .append("\"><title>").append(HtmlReport.escape(f.name() + ": " + f.kind() + " " + f.target() + " — "
              + f.observed())).append("</title></rect>\n");
      if (faults.size() <= MAX_FAULT_LABELS) {
        s.append("<text class=\"fault-label\" x=\"").append(fmt(x0 + 2)).append("\" y=\"").append(TOP + 10).append("\">")
            .append(HtmlReport.escape(f.name())).append("</text>\n");
      }
    }
    // axes and grid
    for (int i = 0; i <= 4; i++) {
      double y = TOP + plotH - plotH * i / 4.0;
      s.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW).append("\" y1=\"")
          .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\"/>");
      s.append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(fmt(y + 4))
          .append("\" text-anchor=\"end\">").append(number(yTop * i / 4)).append("</text>\n");
    }
    long step = timeStep(xMax);
    for (long t = 0; t <= xMax; t += step) {
      double x = LEFT + plotW * (double) t / xMax;
      s.append("<text class=\"tick\" x=\"").append(fmt(x)).append("\" y=\"").append(HEIGHT - 8)
          .append("\" text-anchor=\"middle\">").append(TerminalSummary.clock(t)).append("</text>");
    }
    s.append('\n');
    s.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW).append("\" y1=\"")
        .append(TOP + plotH).append("\" y2=\"").append(TOP + plotH).append("\"/>\n");
    // series
    int colour = 0;
    for (Map.Entry<String, double[]> e : reduced.series.entrySet()) {
      String c = PALETTE[colour++ % PALETTE.length];
      StringBuilder path = new StringBuilder();
      double[] values = e.getValue();
      for (int i = 0; i < values.length; i++) {
        double x = LEFT + plotW * (double) reduced.offsets.get(i) / xMax;
        double y = TOP + plotH - (yTop == 0 ? 0 : plotH * values[i] / yTop);
        path.append(i == 0 ? 'M' : 'L').append(fmt(x)).append(',').append(fmt(y));
      }
      s.append("<path class=\"series\" stroke=\"").append(c).append("\" d=\"").append(path).append("\"><title>")
          .append(HtmlReport.escape(e.getKey())).append("</title></path>\n");
    }
    s.append("</svg>\n");
    // legend as HTML, so it wraps
    s.append("<div class=\"legend\">");
    colour = 0;
    for (String name : reduced.series.keySet()) {
      s.append("<span><i style=\"background:").append(PALETTE[colour++ % PALETTE.length]).append("\"></i>")
          .append(HtmlReport.escape(name)).append("</span>");
    }
    if (!faults.isEmpty()) {
      s.append("<span><i class=\"fault-key\"></i>fault window</span>");
    }
    s.append("</div>\n");
    return s.toString();
  }

  private record Reduced(List<Long> offsets, Map<String, double[]> series) {}

  /** Averages consecutive samples into at most {@link #MAX_POINTS} buckets. */
  private static Reduced reduce(List<Long> offsets, Map<String, double[]> series) {
    int n = offsets.size();
    int per = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
    if (per == 1) {
      return new Reduced(offsets, series);
    }
    List<Long> xs = new ArrayList<>();
    for (int i = 0; i < n; i += per) {
      xs.add(offsets.get(Math.min(n - 1, i + per - 1)));
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    series.forEach((name, values) -> {
      double[] r = new double[xs.size()];
      for (int b = 0; b < r.length; b++) {
        double sum = 0;
        int count = 0;
        for (int i = b * per; i < Math.min(n, (b + 1) * per); i++) {
          sum += values[i];
          count++;
        }
        r[b] = sum / count;
      }
      out.put(name, r);
    });
    return new Reduced(xs, out);
  }

  /** 1, 2 or 5 times a power of ten, at least {@code v}. */
  static double niceCeiling(double v) {
    if (v <= 0) {
      return 1;
    }
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= v) {
        return m * p;
      }
    }
    return 10 * p;
  }

  private static long timeStep(long xMax) {
    long[] steps = {1_000, 5_000, 10_000, 30_000, 60_000, 300_000, 600_000, 1_800_000, 3_600_000, 7_200_000,
        14_400_000, 21_600_000};
    for (long s : steps) {
      if (xMax / s <= 10) {
        return s;
      }
    }
    return 43_200_000;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String number(double v) {
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%,d", (long) v) : String.format(Locale.ROOT, "%.2f", v);
  }
}
