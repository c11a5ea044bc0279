package dev.taskbed.conformance.runner;

import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.spi.Broker;
import dev.taskbed.spi.Subscription;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Watches the hint-listener contract of {@link Broker#onWorkAvailable} during a sequence.
 *
 * <p><b>Which hints are owed.</b> Hints may be lost, and a broker need not hint when no worker can
 * be idle, so the kit demands one only where an idle worker would otherwise sleep through work:
 * after a step that leaves a queue's PENDING list non-empty where it was empty (an enqueue, a
 * requeue, a forward, a run-now), or that makes the queue's earliest SCHEDULED or RETRY due time
 * earlier than before (an enqueue with a delay, a retry), the listener must be called for that
 * queue. Interpretation: the Javadoc's "enqueue, forward, requeue, retry, run-now" read as the
 * changes that can wake an idle worker. Hints published before the broker's subscription is in
 * place may be lost by contract, so they are demanded only once the listener was called at least
 * once (and at the end, at least one hint must have come if any was owed).
 *
 * <p><b>No lock held.</b> Every call of the listener asks another thread to read from the broker
 * and waits, bounded, for that read. A broker that calls listeners while holding its own lock
 * makes the read wait for the listener to return: reported as a lock held during the call.
 */
final class HintWatch implements AutoCloseable {
  /** How long a hint may take to arrive (asynchronous brokers publish it through a server). */
  static final long ARRIVAL_MILLIS = 2_000;
  /** How long a hint may take while every hint so far came on the calling thread. */
  static final long SYNCHRONOUS_GRACE_MILLIS = 20;
  /** How long the listener waits for a read on another thread before calling the lock held. */
  static final long PROBE_MILLIS = 2_000;
  /** How long that read may stay blocked on a monitor before the lock counts as held. */
  static final long BLOCKED_MILLIS = 50;
  /** Of the hints that come on another thread than the caller's, one in this many is probed. */
  static final int ASYNC_PROBE_EVERY = 8;
  /** How often the listener looks at the blocked read. */
  private static final long POLL_MILLIS = 5;

  private final Broker broker;
  private final Map<String, Long> counts = new TreeMap<>();
  private final ExecutorService prober;
  private volatile Thread probeThread;
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final Thread caller = Thread.currentThread();
  private final java.util.concurrent.atomic.AtomicLong asyncHints = new java.util.concurrent.atomic.AtomicLong();
  private long total;
  /** Whether some hint came on another thread than the caller's: then hints are awaited. */
  private boolean asynchronous;
  private String lockProblem;
  private boolean owedBeforeFirst;

  HintWatch(Broker broker, Collection<String> queues) {
    this.broker = broker;
    this.prober = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "conformance-hint-probe");
      t.setDaemon(true);
      probeThread = t;
      return t;
    });
    // A listener is not told which queue a hint is for: one subscription per queue tells them apart.
    for (String q : queues) {
      counts.put(q, 0L);
      subscriptions.add(broker.onWorkAvailable(List.of(q), () -> onHint(q)));
    }
  }

  /**
   * The listener of {@code queue}: probes the broker's lock, then counts the hint. A hint on the
   * caller's thread (a broker that signals from inside the call) is always probed; one on another
   * thread (a subscription's) one time in {@value #ASYNC_PROBE_EVERY}, since each probe is a round
   * trip for a remote broker.
   */
  private void onHint(String queue) {
    if (Thread.currentThread() == caller || asyncHints.getAndIncrement() % ASYNC_PROBE_EVERY == 0) {
      probeLock();
    }
    synchronized (this) {
      asynchronous |= Thread.currentThread() != caller;
      total++;
      counts.merge(queue, 1L, Long::sum);
      notifyAll();
    }
  }

  private void probeLock() {
    if (lockProblem() != null) {
      return; // found once: the run fails anyway, and further probes would queue behind the stuck one
    }
    Future<?> read = prober.submit(broker::queues);
    long begin = System.nanoTime();
    long blockedSince = -1;
    while (true) {
      try {
        read.get(POLL_MILLIS, TimeUnit.MILLISECONDS); // returns as soon as the read is done
        return;
      } catch (java.util.concurrent.TimeoutException e) {
        // still running: look at what the prober is doing
      } catch (java.util.concurrent.ExecutionException e) {
        return; // the read failed (a closed broker at the end of a run): not a lock problem
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      long now = System.nanoTime();
      // Blocked on a monitor for a while (the prober blocks only inside a broker call): the
      // broker's own lock, held by the caller of this listener. Any other wait (I/O, a future)
      // counts only once the overall bound has passed.
      boolean blocked = probeThread.getState() == Thread.State.BLOCKED;
      blockedSince = blocked ? (blockedSince < 0 ? now : blockedSince) : -1;
      boolean lockHeld = blockedSince >= 0 && now - blockedSince >= TimeUnit.MILLISECONDS.toNanos(BLOCKED_MILLIS);
      if (lockHeld || now - begin > TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS)) {
        synchronized (this) {
          if (lockProblem == null) {
            lockProblem = "a broker read on another thread could not proceed while the hint listener ran ("
                + (lockHeld ? "blocked on a monitor for " + BLOCKED_MILLIS + " ms" : "not done within " + PROBE_MILLIS + " ms")
                + "): the listener was called with a broker lock held";
          }
        }
        return;
      }
    }
  }

  /** The hint counts per queue now, to compare after a step. */
  synchronized Map<String, Long> counts() {
    return Map.copyOf(counts);
  }

  /**
   * Waits until every queue that the change between the two views owes a hint got one after
   * {@code before} (the counts before the step); returns a failure message or null.
   */
  String check(Map<String, Long> before, StateSnapshot prev, StateSnapshot cur, String step) {
    List<String> owed = owed(prev, cur);
    owed.retainAll(before.keySet());
    if (owed.isEmpty()) {
      return lockProblem();
    }
    synchronized (this) {
      // A broker that has called every listener on the caller's thread so far signals before its
      // call returns: a missing hint is missing now (a short grace covers a mixed broker).
      long wait = asynchronous ? ARRIVAL_MILLIS : SYNCHRONOUS_GRACE_MILLIS;
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
      if (total == 0) {
        owedBeforeFirst = true; // the subscription may not be in place yet: demand a hint at the end
        return lockProblem;
      }
      for (String q : owed) {
        while (counts.get(q) <= before.get(q)) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return "no work hint for " + q + " within " + wait + " ms after " + step
                + " (a hint is owed when a queue's PENDING list stops being empty or its next due time moves earlier)";
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for a hint";
          }
        }
      }
      return lockProblem;
    }
  }

  /** At the end of a sequence: if hints were owed before the first one came, one must have come by now. */
  String finish() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ARRIVAL_MILLIS);
    synchronized (this) {
      while (owedBeforeFirst && total == 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return "hints were owed but the listener was never called";
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return "interrupted while waiting for a hint";
        }
      }
      return lockProblem;
    }
  }

  synchronized String lockProblem() {
    return lockProblem;
  }

  /** The queues for which the change from {@code prev} to {@code cur} owes a hint. */
  static List<String> owed(StateSnapshot prev, StateSnapshot cur) {
    List<String> out = new ArrayList<>();
    for (String q : new TreeSet<>(cur.tasks().keySet())) {
      Map<TaskState, List<TaskInfo>> after = cur.tasks().get(q);
      Map<TaskState, List<TaskInfo>> before = prev.tasks().get(q);
      boolean pendingBefore = before != null && !before.get(TaskState.PENDING).isEmpty();
      if (!pendingBefore && !after.get(TaskState.PENDING).isEmpty()) {
        out.add(q);
        continue;
      }
      long dueAfter = earliestDue(after);
      long dueBefore = before == null ? Long.MAX_VALUE : earliestDue(before);
      if (dueAfter < dueBefore) {
        out.add(q);
      }
    }
    return out;
  }

  private static long earliestDue(Map<TaskState, List<TaskInfo>> tasks) {
    long min = Long.MAX_VALUE;
    for (TaskState s : List.of(TaskState.SCHEDULED, TaskState.RETRY)) {
      for (TaskInfo t : tasks.get(s)) {
        min = Math.min(min, t.nextProcessAt().toEpochMilli());
      }
    }
    return min;
  }

  @Override
  public void close() {
    subscriptions.forEach(Subscription::close);
    prober.shutdownNow();
  }
}
