package dev.taskbed.conformance.history;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Records a {@link History}: every operation as invoked, then exactly one completion. Thread-safe;
 * events are numbered in the order they are recorded, so the numbering respects real time.
 *
 * <pre>{@code
 * HistoryRecorder recorder = new HistoryRecorder(clock);
 * HistoryRecorder.Invocation inv = recorder.invoke(Operation.Enqueue.of(request));
 * try {
 *   inv.ok(broker.enqueue(request));
 * } catch (EnqueueOutcomeUnknownException e) {
 *   inv.unknown(e);
 * }
 * }</pre>
 *
 * {@link RecordingBroker} and {@link RecordingAdmin} do this for every SPI call.
 */
public final class HistoryRecorder {
  private final Clock clock;
  private final List<HistoryEvent> events = new ArrayList<>();
  private long nextOperationId = 1;

  /**
   * @param clock the clock stamped on every event: the simulation's virtual clock, or the system
   *     clock against a broker on real time
   */
  public HistoryRecorder(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Records an invocation by the current thread. */
  public Invocation invoke(Operation operation) {
    return invoke(Thread.currentThread().getName(), operation);
  }

  /** Records an invocation by {@code process}. */
  public Invocation invoke(String process, Operation operation) {
    Objects.requireNonNull(operation, "operation");
    synchronized (events) {
      long id = nextOperationId++;
      append(HistoryEvent.Type.INVOKE, id, process, operation, null, null);
      return new Invocation(id, process, operation);
    }
  }

  /** An immutable copy of everything recorded so far. */
  public History history() {
    synchronized (events) {
      return new History(events);
    }
  }

  /** The clock this recorder stamps events with. */
  public Clock clock() {
    return clock;
  }

  private void append(HistoryEvent.Type type, long id, String process, Operation op, Object result, String error) {
    synchronized (events) {
      events.add(new HistoryEvent(events.size(), type, id, process, op, result, error, clock.millis(), System.nanoTime()));
    }
  }

  /**
   * An invoked operation waiting for its completion. Complete it exactly once; an invocation never
   * completed counts as unknown (the process crashed with the request in flight).
   */
  public final class Invocation {
    private final long id;
    private final String process;
    private final Operation operation;
    private boolean completed;

    private Invocation(long id, String process, Operation operation) {
      this.id = id;
      this.process = process;
      this.operation = operation;
    }

    /** The operation completed and its result is {@code result} (see {@link Operation} for types). */
    public void ok(Object result) {
      complete(HistoryEvent.Type.OK, result, null);
    }

    /** The operation certainly did not take effect. */
    public void fail(String reason) {
      complete(HistoryEvent.Type.FAIL, null, reason);
    }

    /** The operation certainly did not take effect, because of {@code cause}. */
    public void fail(Throwable cause) {
      fail(describe(cause));
    }

    /** The operation may or may not have taken effect. */
    public void unknown(String reason) {
      complete(HistoryEvent.Type.UNKNOWN, null, reason);
    }

    /** The operation may or may not have taken effect, because of {@code cause}. */
    public void unknown(Throwable cause) {
      unknown(describe(cause));
    }

    public Operation operation() {
      return operation;
    }

    private void complete(HistoryEvent.Type type, Object result, String error) {
      synchronized (events) {
        if (completed) {
          throw new IllegalStateException("operation " + id + " (" + operation + ") completed twice");
        }
        completed = true;
        append(type, id, process, operation, result, error);
      }
    }

    private String describe(Throwable t) {
      return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
  }
}
