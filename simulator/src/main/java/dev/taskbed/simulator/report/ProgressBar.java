package dev.taskbed.simulator.report;

import dev.taskbed.simulator.run.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar redrawn in place ({@code \r}) at most ten times a wall-clock second, for
 * terminals. Beyond 100% (draining, shutting down) the bar stays full and the phase says why.
 */
public final class ProgressBar implements ProgressListener {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream out;
  private long lastDraw = Long.MIN_VALUE;
  private int lastLength;

  public ProgressBar(PrintStream out) {
    this.out = out;
  }

  @Override
  public void update(String phase, long elapsedMillis, long plannedMillis, long completed) {
    long now = System.nanoTime();
    if (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    double fraction = plannedMillis <= 0 ? 1 : Math.min(1, (double) elapsedMillis / plannedMillis);
    int filled = (int) Math.round(fraction * WIDTH);
    String line = String.format(Locale.ROOT, "[%s%s] %3d%%  %s / %s  %-13s completed %,d",
        "#".repeat(filled), ".".repeat(WIDTH - filled), Math.round(fraction * 100),
        TerminalSummary.clock(elapsedMillis), TerminalSummary.clock(plannedMillis), phase, completed);
    out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
    out.flush();
    lastLength = line.length();
  }

  /** Clears the line so the summary starts on a clean one. */
  public void finish() {
    if (lastLength > 0) {
      out.print("\r" + " ".repeat(lastLength) + "\r");
      out.flush();
    }
  }
}
