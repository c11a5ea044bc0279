package dev.taskbed.micrometer;

import dev.taskbed.event.TaskbedEvent;
import dev.taskbed.event.TaskbedListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Taskbed's runtime events as Micrometer meters: register it as a listener on the client and on each
 * worker ({@code ClientConfig.Builder.listener}, {@code WorkerConfig.Builder.listener}); one instance
 * may serve several, their counts add up. Queue sizes come from {@link QueueSizeGauges}.
 *
 * <p>Meters (names by Micrometer's conventions; the registry renders them, e.g. as
 * {@code taskbed_tasks_processed_total} for Prometheus). Tags are bounded: {@code queue} and
 * {@code type}, never the task id.
 * <ul>
 *   <li>{@value #ENQUEUED} counter: queue, type, outcome ({@code created}, {@code existing},
 *       {@code id_conflict}, {@code duplicate}, {@code unknown}, {@code failed}).
 *   <li>{@value #PROCESSED} counter: queue, type, outcome ({@code succeeded}, {@code failed}: will be
 *       retried, {@code archived}, {@code lease_lost}, {@code revoked}).
 *   <li>{@value #DURATION} timer: how long handlers ran; queue, type.
 *   <li>{@value #WAIT} timer: from a task's due time to its handler's start; queue, type.
 *   <li>{@value #ACTIVE} gauge: handlers running now; queue, type.
 *   <li>{@value #STUCK} counter: handlers that ignored cancellation past the grace; queue, type.
 *   <li>{@value #RECOVERED} counter: tasks recovered from expired leases; queue.
 *   <li>{@value #REQUEUED} counter: tasks given back untouched; queue, type, reason.
 *   <li>{@value #BROKER_CALLS} timer: every broker call of the runtime; operation, outcome
 *       ({@code success}, {@code error}), exception (simple class name, or {@code none}).
 *   <li>{@value #BROKER_REACHABLE} gauge: 1 while the broker answers, 0 during an outage.
 * </ul>
 *
 * <p>Thread-safe; each event costs a map look-up and a meter update.
 */
public final class TaskbedMetrics implements TaskbedListener {
  public static final String ENQUEUED = "taskbed.tasks.enqueued";
  public static final String PROCESSED = "taskbed.tasks.processed";
  public static final String DURATION = "taskbed.tasks.duration";
  public static final String WAIT = "taskbed.tasks.wait";
  public static final String ACTIVE = "taskbed.tasks.active";
  public static final String STUCK = "taskbed.handlers.stuck";
  public static final String RECOVERED = "taskbed.leases.recovered";
  public static final String REQUEUED = "taskbed.tasks.requeued";
  public static final String BROKER_CALLS = "taskbed.broker.calls";
  public static final String BROKER_REACHABLE = "taskbed.broker.reachable";

  private final MeterRegistry registry;
  private final Map<Tags, AtomicInteger> active = new ConcurrentHashMap<>();
  private final AtomicInteger reachable = new AtomicInteger(1);

  public TaskbedMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    Gauge.builder(BROKER_REACHABLE, reachable, AtomicInteger::get)
        .description("1 while the broker answers the runtime's calls, 0 during an outage")
        .register(registry);
  }

  /** The registry the meters are in. */
  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public void onEnqueued(TaskbedEvent.Enqueued e) {
    Counter.builder(ENQUEUED).description("Enqueue calls by their outcome")
        .tags("queue", e.queue(), "type", e.type(), "outcome", e.outcomeName())
        .register(registry).increment();
  }

  @Override
  public void onStarted(TaskbedEvent.Started e) {
    Tags tags = tags(e.attempt());
    if (e.waited() != null) {
      Timer.builder(WAIT).description("Time from a task's due time to the start of its handler")
          .tags(tags).register(registry).record(e.waited());
    }
    active(tags).incrementAndGet();
  }

  @Override
  public void onSucceeded(TaskbedEvent.Succeeded e) {
    processed(e.attempt(), "succeeded");
    duration(e.attempt(), e.handlerDuration());
  }

  @Override
  public void onFailed(TaskbedEvent.Failed e) {
    processed(e.attempt(), e.archived() ? "archived" : "failed");
    duration(e.attempt(), e.handlerDuration());
  }

  @Override
  public void onLeaseLost(TaskbedEvent.LeaseLost e) {
    processed(e.attempt(), "lease_lost");
  }

  @Override
  public void onRevoked(TaskbedEvent.Revoked e) {
    processed(e.attempt(), "revoked");
  }

  @Override
  public void onRequeued(TaskbedEvent.Requeued e) {
    Tags tags = tags(e.attempt());
    Counter.builder(REQUEUED).description("Held tasks given back untouched, no attempt counted")
        .tags(tags).tag("reason", e.reason().name().toLowerCase(java.util.Locale.ROOT))
        .register(registry).increment();
    if (e.reason() != TaskbedEvent.RequeueReason.NOT_STARTED) {
      active(tags).decrementAndGet();
    }
  }

  @Override
  public void onHandlerStuck(TaskbedEvent.HandlerStuck e) {
    Tags tags = tags(e.attempt());
    Counter.builder(STUCK).description("Handlers that did not stop within the cancel grace")
        .tags(tags).register(registry).increment();
    active(tags).decrementAndGet();
  }

  @Override
  public void onLeasesRecovered(TaskbedEvent.LeasesRecovered e) {
    Counter.builder(RECOVERED).description("Tasks recovered after their lease expired")
        .tag("queue", e.queue()).register(registry).increment(e.count());
  }

  @Override
  public void onBrokerCall(TaskbedEvent.BrokerCall e) {
    Timer.builder(BROKER_CALLS).description("Broker calls of the Taskbed runtime")
        .tags("operation", e.operation(), "outcome", e.error() == null ? "success" : "error",
            "exception", e.error() == null ? "none" : e.error().getClass().getSimpleName())
        .register(registry).record(e.latency());
  }

  @Override
  public void onBrokerUnreachable(TaskbedEvent.BrokerUnreachable e) {
    reachable.set(0);
  }

  @Override
  public void onBrokerReachable(TaskbedEvent.BrokerReachable e) {
    reachable.set(1);
  }

  /** Each started attempt ends in exactly one of these (or a requeue or stuck handler): the active gauge goes down. */
  private void processed(TaskbedEvent.Attempt a, String outcome) {
    Tags tags = tags(a);
    Counter.builder(PROCESSED).description("Attempts by their confirmed outcome")
        .tags(tags).tag("outcome", outcome).register(registry).increment();
    active(tags).decrementAndGet();
  }

  private void duration(TaskbedEvent.Attempt a, java.time.Duration d) {
    Timer.builder(DURATION).description("How long handlers ran").tags(tags(a)).register(registry).record(d);
  }

  private AtomicInteger active(Tags tags) {
    return active.computeIfAbsent(tags, t -> {
      AtomicInteger n = new AtomicInteger();
      Gauge.builder(ACTIVE, n, AtomicInteger::get).description("Handlers running now").tags(t)
          .register(registry);
      return n;
    });
  }

  private static Tags tags(TaskbedEvent.Attempt a) {
    return Tags.of("queue", a.queue(), "type", a.type());
  }
}
