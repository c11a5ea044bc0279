package dev.taskbed.micrometer;

import dev.taskbed.Inspector;
import dev.taskbed.QueueStats;
import dev.taskbed.TaskState;
import dev.taskbed.env.Cancellable;
import dev.taskbed.env.Environment;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@value #QUEUE_SIZE} gauge (tags {@code queue}, {@code state}: pending, active, scheduled,
 * retry, archived, completed) for every queue the broker knows, sampled from an {@link Inspector}
 * every {@code interval} on the environment's timer, so a scrape never calls the broker and the
 * broker's cost does not grow with the number of scrapers. Values are those of the last sample.
 * {@link #close()} stops sampling (the gauges keep their last values).
 */
public final class QueueSizeGauges implements AutoCloseable {
  public static final String QUEUE_SIZE = "taskbed.queue.size";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
  private static final Logger log = LoggerFactory.getLogger(QueueSizeGauges.class);

  private final Inspector inspector;
  private final MeterRegistry registry;
  private final Environment env;
  private final Duration interval;
  private final Map<String, AtomicLong> values = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private Cancellable timer;
  private boolean closed;
  private boolean failing;

  private QueueSizeGauges(Inspector inspector, MeterRegistry registry, Environment env, Duration interval) {
    this.inspector = Objects.requireNonNull(inspector, "inspector");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.env = Objects.requireNonNull(env, "env");
    this.interval = Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive: " + interval);
    }
  }

  /** Samples at once, then every {@code interval} on the system environment. */
  public static QueueSizeGauges start(Inspector inspector, MeterRegistry registry, Duration interval) {
    return start(inspector, registry, interval, Environment.system());
  }

  /** Samples at once, then every {@code interval} on {@code env}'s timer (virtual time in tests). */
  public static QueueSizeGauges start(Inspector inspector, MeterRegistry registry, Duration interval, Environment env) {
    QueueSizeGauges g = new QueueSizeGauges(inspector, registry, env, interval);
    g.sample();
    return g;
  }

  /** Takes one sample now (also done by the timer). A failing inspector keeps the last values. */
  public void sample() {
    try {
      for (String queue : inspector.queues()) {
        QueueStats stats = inspector.stats(queue);
        for (TaskState state : TaskState.values()) {
          value(queue, state).set(stats.count(state));
        }
      }
      if (failing) {
        failing = false;
        log.info("queue sizes can be sampled again");
      }
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        log.warn("could not sample queue sizes; the gauges keep their last values: {}", e.toString());
      }
    } finally {
      synchronized (lock) {
        if (!closed) {
          timer = env.schedule(interval, () -> env.execute(this::sample));
        }
      }
    }
  }

  private AtomicLong value(String queue, TaskState state) {
    String state_ = state.name().toLowerCase(Locale.ROOT);
    return values.computeIfAbsent(queue + '\0' + state_, k -> {
      AtomicLong v = new AtomicLong();
      Gauge.builder(QUEUE_SIZE, v, AtomicLong::get).description("Tasks in a queue by state, as last sampled")
          .tags("queue", queue, "state", state_).register(registry);
      return v;
    });
  }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (timer != null) {
        timer.cancel();
      }
    }
  }
}
