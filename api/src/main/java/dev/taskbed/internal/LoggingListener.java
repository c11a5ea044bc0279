package dev.taskbed.internal;

import dev.taskbed.env.Environment;
import dev.taskbed.event.LoggingConfig;
import dev.taskbed.event.TaskbedEvent;
import dev.taskbed.event.TaskbedListener;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/**
 * The default listener: the runtime's events as log lines, per {@link LoggingConfig}.
 *
 * <p>Failure lines are rate-limited per (type, exception class, archived or not), lost-lease lines
 * per type (an outage longer than a lease loses them all at once): each key has a
 * window of {@link LoggingConfig#summaryInterval()} starting at its first line; past
 * {@link LoggingConfig#maxLinesPerInterval()} lines in a window the rest are counted, and when the
 * window ends a timer logs one "k more ... not logged" line. Windows run on the environment's clock, so
 * on a virtual environment the summary appears at the virtual instant it is due.
 */
public final class LoggingListener implements TaskbedListener {
  private static final Logger log = LoggerFactory.getLogger("dev.taskbed.events");

  private final LoggingConfig config;
  private final Environment env;
  private final Map<String, Window> windows = new HashMap<>();

  public LoggingListener(LoggingConfig config, Environment env) {
    this.config = config;
    this.env = env;
  }

  @Override
  public void onFailed(TaskbedEvent.Failed e) {
    Level level = e.archived() ? config.archivedLevel() : config.failureLevel();
    String key = e.attempt().type() + "|" + e.error().getClass().getName() + (e.archived() ? "|archived" : "");
    if (!admit(key, level)) {
      return;
    }
    String next = e.archived() ? "archived" : "retry in " + format(e.retryIn());
    TaskbedEvent.Attempt a = e.attempt();
    // This line is written after the ack, off the handler's thread: it carries the same MDC as the
    // handler's own lines, so one filter on taskbed.task_id finds them all.
    Mdc mdc = new Mdc(a);
    try {
      if (config.stackTraces()) {
        log.atLevel(level).setCause(e.error()).log("task {} ({} on {}) failed attempt {} of {}; {}",
            a.taskId(), a.type(), a.queue(), a.attempt(), a.maxAttempts(), next);
      } else {
        log.atLevel(level).log("task {} ({} on {}) failed attempt {} of {}; {}: {}",
            a.taskId(), a.type(), a.queue(), a.attempt(), a.maxAttempts(), next, e.error().toString());
      }
    } finally {
      mdc.restore();
    }
  }

  /** The MDC of one attempt for the duration of a log call; the previous values are put back. */
  private static final class Mdc {
    private static final String[] KEYS = {
        LoggingConfig.MDC_TASK_ID, LoggingConfig.MDC_QUEUE, LoggingConfig.MDC_TYPE, LoggingConfig.MDC_ATTEMPT};
    private final String[] previous = new String[KEYS.length];

    Mdc(TaskbedEvent.Attempt a) {
      String[] values = {a.taskId(), a.queue(), a.type(), Integer.toString(a.attempt())};
      for (int i = 0; i < KEYS.length; i++) {
        previous[i] = MDC.get(KEYS[i]);
        MDC.put(KEYS[i], values[i]);
      }
    }

    void restore() {
      for (int i = 0; i < KEYS.length; i++) {
        if (previous[i] == null) {
          MDC.remove(KEYS[i]);
        } else {
          MDC.put(KEYS[i], previous[i]);
        }
      }
    }
  }

  @Override
  public void onLeaseLost(TaskbedEvent.LeaseLost e) {
    // An outage longer than a lease loses every lease at once: summarised like failures.
    if (!admit(e.attempt().type() + "|lease lost", Level.WARN)) {
      return;
    }
    Mdc mdc = new Mdc(e.attempt());
    try {
      log.warn("{}: lease lost, result discarded; the task runs again after lease recovery", e.attempt());
    } finally {
      mdc.restore();
    }
  }

  @Override
  public void onHandlerStuck(TaskbedEvent.HandlerStuck e) {
    log.warn("{}: handler did not stop within the cancel grace after {}; left to lease recovery, "
        + "its slot stays taken until it returns ({} stuck handler(s))", e.attempt(), e.reason(), e.stuckNow());
  }

  @Override
  public void onRequeued(TaskbedEvent.Requeued e) {
    if (e.reason() == TaskbedEvent.RequeueReason.SHUTDOWN) {
      log.info("{}: requeued at shutdown", e.attempt());
    }
  }

  @Override
  public void onLeasesRecovered(TaskbedEvent.LeasesRecovered e) {
    log.info("recovered {} task(s) with expired leases in queue {}", e.count(), e.queue());
  }

  @Override
  public void onBrokerUnreachable(TaskbedEvent.BrokerUnreachable e) {
    log.warn("broker unreachable ({} failed: {}); retrying", e.operation(), e.error().toString());
  }

  @Override
  public void onBrokerReachable(TaskbedEvent.BrokerReachable e) {
    log.warn("broker reachable again after an outage of {}", format(e.outage()));
  }

  /** Whether a failure line for {@code key} may be logged now; counts it otherwise. */
  private boolean admit(String key, Level level) {
    if (!log.isEnabledForLevel(level)) {
      return false;
    }
    synchronized (windows) {
      Window w = windows.get(key);
      if (w == null) {
        w = new Window(key, level);
        windows.put(key, w);
        env.schedule(config.summaryInterval(), w::close);
      }
      if (w.logged < config.maxLinesPerInterval()) {
        w.logged++;
        return true;
      }
      w.suppressed++;
      return false;
    }
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
  }

  /** One key's rate-limit window. Guarded by {@link #windows}. */
  private final class Window {
    final String key;
    final Level level;
    int logged;
    long suppressed;

    Window(String key, Level level) {
      this.key = key;
      this.level = level;
    }

    void close() {
      long n;
      synchronized (windows) {
        windows.remove(key, this);
        n = suppressed;
      }
      if (n > 0) {
        String[] parts = key.split("\\|");
        if (parts[1].equals("lease lost")) {
          log.atLevel(level).log("... {} more lost lease(s) of type {} in the last {} not logged",
              n, parts[0], format(config.summaryInterval()));
        } else {
          log.atLevel(level).log("... {} more failure(s) of type {} with {}{} in the last {} not logged",
              n, parts[0], parts[1], parts.length > 2 ? " (archived)" : "", format(config.summaryInterval()));
        }
      }
    }
  }
}
