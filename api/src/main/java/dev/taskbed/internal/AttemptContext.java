package dev.taskbed.internal;

import dev.taskbed.CancelReason;
import dev.taskbed.PayloadCodec;
import dev.taskbed.Task;
import dev.taskbed.TaskCancelledException;
import dev.taskbed.TaskContext;
import dev.taskbed.env.Environment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TaskContext} of one attempt. Cancellation sets the first reason, runs listeners and
 * interrupts the thread currently running the handler, if any; the invoker binds that thread
 * ({@link #begin}) and unbinds it so an interrupt never leaks into the next task the thread runs.
 * {@link #begin} also refuses to start a handler once the attempt is given up or its lease lost.
 */
public final class AttemptContext implements TaskContext {
  private static final Logger log = LoggerFactory.getLogger(AttemptContext.class);

  private final String taskId;
  private final String queue;
  private final Task task;
  private final int retryCount;
  private final int maxRetry;
  private final long claimSequence;
  private final Instant deadline;
  private final PayloadCodec codec;
  private final Environment env;

  private CancelReason reason;
  private boolean givenUp;
  private final List<Runnable> listeners = new ArrayList<>();
  private Thread boundThread;

  public AttemptContext(String taskId, String queue, Task task, int retryCount, int maxRetry, long claimSequence,
      Instant deadline, PayloadCodec codec, Environment env) {
    this.taskId = taskId;
    this.queue = queue;
    this.task = task;
    this.retryCount = retryCount;
    this.maxRetry = maxRetry;
    this.claimSequence = claimSequence;
    this.deadline = deadline;
    this.codec = codec;
    this.env = env;
  }

  @Override
  public String taskId() {
    return taskId;
  }

  @Override
  public String queue() {
    return queue;
  }

  @Override
  public Task task() {
    return task;
  }

  @Override
  public int retryCount() {
    return retryCount;
  }

  @Override
  public int maxRetry() {
    return maxRetry;
  }

  @Override
  public long claimSequence() {
    return claimSequence;
  }

  @Override
  public Instant deadline() {
    return deadline;
  }

  @Override
  public <T> T payloadAs(Class<T> type) {
    return task.payloadAs(type, codec);
  }

  @Override
  public Duration remaining() {
    Duration d = Duration.between(env.clock().instant(), deadline);
    return d.isNegative() ? Duration.ZERO : d;
  }

  @Override
  public synchronized boolean isCancelled() {
    return reason != null;
  }

  @Override
  public synchronized Optional<CancelReason> cancelReason() {
    return Optional.ofNullable(reason);
  }

  @Override
  public void throwIfCancelled() {
    CancelReason r;
    synchronized (this) {
      r = reason;
    }
    if (r != null) {
      throw new TaskCancelledException(r);
    }
  }

  @Override
  public void onCancel(Runnable listener) {
    synchronized (this) {
      if (reason == null) {
        listeners.add(listener);
        return;
      }
    }
    runListener(listener);
  }

  /** Cancels with {@code why} unless already cancelled; returns whether this call cancelled it. */
  public boolean cancel(CancelReason why) {
    List<Runnable> toRun;
    synchronized (this) {
      if (reason != null) {
        return false;
      }
      reason = why;
      toRun = List.copyOf(listeners);
      listeners.clear();
      if (boundThread != null) {
        boundThread.interrupt();
      }
    }
    toRun.forEach(AttemptContext::runListener);
    return true;
  }

  /**
   * Marks {@code t} as running the handler, so cancellation interrupts it, and returns true; or
   * returns false, binding nothing, when the handler must not start at all: the attempt was given
   * up or its lease lost while it waited for a thread, so the task may be another worker's now. An
   * attempt cancelled otherwise (timeout, shutdown) meanwhile starts interrupted, as if cancelled
   * at once, and ends the usual way.
   */
  synchronized boolean begin(Thread t) {
    if (givenUp || reason == CancelReason.LEASE_LOST) {
      return false;
    }
    boundThread = t;
    if (reason != null) {
      t.interrupt();
    }
    return true;
  }

  /** The worker no longer holds this attempt's lease: a handler that has not started never will. */
  synchronized void giveUp() {
    givenUp = true;
  }

  /** The handler returned: no later cancellation may interrupt the thread. */
  synchronized void unbind() {
    boundThread = null;
  }

  private static void runListener(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.warn("cancellation listener failed", e);
    }
  }
}
