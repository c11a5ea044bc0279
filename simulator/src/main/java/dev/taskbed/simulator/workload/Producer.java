package dev.taskbed.simulator.workload;

import dev.taskbed.Client;
import dev.taskbed.DuplicateTaskException;
import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueOutcomeUnknownException;
import dev.taskbed.Task;
import dev.taskbed.TaskbedException;
import dev.taskbed.env.Environment;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One producer of a run: enqueues tasks through a {@link Client} (which retries with the same id
 * and content hash) as they arrive, on its {@link Environment}, and tells a {@link Listener} what
 * the client answered for each. Arrivals come in one of two ways:
 *
 * <ul>
 *   <li><b>Poisson</b> (open loop): at exponential gaps with mean {@code 1/rate}, whether or not
 *       earlier enqueues have returned; each enqueue runs as background work, since it may block
 *       on a real backend. The configured scenarios' producers.
 *   <li><b>Paced</b> (closed loop): each enqueue starts a fixed pause after the previous one
 *       returned, as a thread enqueueing in a loop would; a zero pause enqueues back to back (real
 *       time only). The scripted scenarios' producers.
 * </ul>
 *
 * Every random choice (the gaps, and whatever the {@link TaskSource} draws) is made at arrival
 * time from the producer's own seeded stream, in the order arrivals happen, so a workload on
 * virtual time replays exactly.
 */
public final class Producer {
  /** What the client answered for one task. */
  public enum Answer {
    /** Acknowledged: the task was created. */
    CREATED,
    /** Acknowledged: the task already existed (a retry found what an earlier attempt created). */
    EXISTING,
    /** Refused by a uniqueness lock; certainly not applied. */
    DUPLICATE,
    /** {@link EnqueueOutcomeUnknownException}: may or may not have been applied. */
    UNKNOWN,
    /** Certainly not applied (unavailable, full, id conflict). */
    FAILED
  }

  /** The {@code n}-th task of the producer ({@code n} = 0, 1, ...), with its options. */
  @FunctionalInterface
  public interface TaskSource {
    Task task(long n, SplittableRandom random);
  }

  /** Told about every enqueue, on the thread that makes it. */
  public interface Listener {
    /** An enqueue of {@code task} is about to be sent. */
    default void sending(Task task) {}

    /** What the client answered for {@code task}. */
    void answered(Task task, Answer answer);
  }

  private final Client client;
  private final Environment env;
  private final TaskSource tasks;
  private final Listener listener;
  private final SplittableRandom random;
  /** Mean arrivals per second (Poisson), or 0 for paced. */
  private final double perSecond;
  private final Duration pause;
  private final long stopAtMillis;
  private final long limit;
  private final AtomicLong budget;
  private long next;
  private int inFlight;
  private volatile boolean stopped;

  private Producer(Builder b) {
    this.client = b.client;
    this.env = b.env;
    this.tasks = b.tasks;
    this.listener = b.listener;
    this.random = b.random;
    this.perSecond = b.perSecond;
    this.pause = b.pause;
    this.stopAtMillis = b.stopAtMillis;
    this.limit = b.limit;
    this.budget = b.budget;
  }

  /**
   * A producer enqueueing {@code tasks} through {@code client}, its arrivals and enqueues on
   * {@code env} (the client's environment too, as a rule).
   */
  public static Builder builder(Client client, Environment env, TaskSource tasks) {
    return new Builder(client, env, tasks);
  }

  /** Starts arriving. */
  public Producer start() {
    if (perSecond > 0) {
      scheduleNextArrival();
    } else {
      env.execute(this::paced);
    }
    return this;
  }

  /** Whether arrivals have ended (stopped, limit or budget used up, stop time reached). */
  public boolean isStopped() {
    return stopped;
  }

  /**
   * Stops arriving and waits (up to 60 s) for the enqueues in flight to return. Real time only: on
   * virtual time nothing would run while the caller waits.
   */
  public void stop() throws InterruptedException {
    stopped = true;
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    synchronized (this) {
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException("a producer's enqueue did not return within 60 s of stopping it");
        }
        wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  private void scheduleNextArrival() {
    long gap = Math.round(1000.0 / perSecond * random.nextExponential());
    if (stopped || env.clock().millis() + gap >= stopAtMillis) {
      stopped = true;
      return;
    }
    env.schedule(Duration.ofMillis(gap), this::arrive);
  }

  /** A Poisson arrival, on a timer: the enqueue goes to the background, the next arrival is planned. */
  private void arrive() {
    Task task = nextTask();
    if (task == null) {
      return;
    }
    began();
    env.execute(() -> enqueue(task));
    scheduleNextArrival();
  }

  /** The closed loop, in the background: enqueue, pause, enqueue ... */
  private void paced() {
    while (true) {
      if (env.clock().millis() >= stopAtMillis) {
        stopped = true;
      }
      Task task = nextTask();
      if (task == null) {
        return;
      }
      began();
      enqueue(task);
      if (!pause.isZero()) {
        env.schedule(pause, () -> env.execute(this::paced));
        return;
      }
    }
  }

  /** The next task to send, or {@code null} (and stopped) when arrivals are over. */
  private Task nextTask() {
    if (stopped || next >= limit || budget.getAndDecrement() <= 0) {
      stopped = true;
      return null;
    }
    return tasks.task(next++, random);
  }

  private synchronized void began() {
    inFlight++;
  }

  private void enqueue(Task task) {
    try {
      listener.sending(task);
      listener.answered(task, send(task));
    } finally {
      synchronized (this) {
        inFlight--;
        notifyAll();
      }
    }
  }

  private Answer send(Task task) {
    try {
      return client.enqueue(task).outcome() == EnqueueOutcome.CREATED ? Answer.CREATED : Answer.EXISTING;
    } catch (EnqueueOutcomeUnknownException e) {
      return Answer.UNKNOWN;
    } catch (DuplicateTaskException e) {
      return Answer.DUPLICATE;
    } catch (TaskbedException e) {
      return Answer.FAILED; // unavailable, full, or an id conflict: not applied as asked
    }
  }

  /** How a producer arrives and when it stops. Defaults: no stop time, no limit, no shared budget. */
  public static final class Builder {
    private final Client client;
    private final Environment env;
    private final TaskSource tasks;
    private Listener listener = (task, answer) -> {};
    private SplittableRandom random = new SplittableRandom(0);
    private double perSecond;
    private Duration pause = Duration.ZERO;
    private long stopAtMillis = Long.MAX_VALUE;
    private long limit = Long.MAX_VALUE;
    private AtomicLong budget = new AtomicLong(Long.MAX_VALUE);

    private Builder(Client client, Environment env, TaskSource tasks) {
      this.client = Objects.requireNonNull(client, "client");
      this.env = Objects.requireNonNull(env, "env");
      this.tasks = Objects.requireNonNull(tasks, "tasks");
    }

    /** Open loop: Poisson arrivals at {@code perSecond}, gaps drawn from {@code random}. */
    public Builder poisson(double perSecond, SplittableRandom random) {
      if (!(perSecond > 0)) {
        throw new IllegalArgumentException("perSecond must be > 0: " + perSecond);
      }
      this.perSecond = perSecond;
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** Closed loop (the default): each enqueue starts {@code pause} after the previous one returned. */
    public Builder paced(Duration pause) {
      this.perSecond = 0;
      this.pause = Objects.requireNonNull(pause, "pause");
      return this;
    }

    /** The random the task source draws from (and, for Poisson arrivals, the gaps). */
    public Builder random(SplittableRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** No arrival at or after this epoch time. */
    public Builder stopAt(long epochMillis) {
      this.stopAtMillis = epochMillis;
      return this;
    }

    /** At most {@code n} tasks from this producer. */
    public Builder limit(long n) {
      this.limit = n;
      return this;
    }

    /** Enqueues left for several producers together; each arrival takes one. */
    public Builder budget(AtomicLong shared) {
      this.budget = Objects.requireNonNull(shared, "budget");
      return this;
    }

    public Builder listener(Listener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    public Producer build() {
      return new Producer(this);
    }
  }
}
