package dev.taskbed.event;

import dev.taskbed.CancelReason;
import dev.taskbed.EnqueueOutcome;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * What happens to tasks, workers and their broker, as reported to a {@link TaskbedListener}. Each
 * kind of event is a record nested here; all are immutable. Task events carry the task's identity
 * as an {@link Attempt}; none carries the payload.
 */
public sealed interface TaskbedEvent {

  /**
   * One attempt of one task: {@code attempt} counts from 1 and is at most {@code maxAttempts}
   * (the task's max retry + 1).
   */
  record Attempt(String taskId, String queue, String type, int attempt, int maxAttempts) {
    public Attempt {
      Objects.requireNonNull(taskId, "taskId");
      Objects.requireNonNull(queue, "queue");
      Objects.requireNonNull(type, "type");
    }

    @Override
    public String toString() {
      return "task " + taskId + " (" + type + " on " + queue + ", attempt " + attempt + " of " + maxAttempts + ")";
    }
  }

  /**
   * A {@code Client} finished one enqueue: {@code outcome} is the broker's answer, or null when the
   * enqueue threw ({@code error} is then what it threw).
   */
  record Enqueued(String taskId, String queue, String type, EnqueueOutcome outcome, Throwable error)
      implements TaskbedEvent {
    /** The outcome in lower case ({@code created}, {@code existing}, ...), or {@code failed}. */
    public String outcomeName() {
      return outcome == null ? "failed" : outcome.name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A worker starts the handler. {@code waited} is the time from the task's due time to now, or null
   * when unknown: the brokers report the due time of a claimed task only as its enqueue time, so it
   * is known for a first attempt (including, for a task scheduled with a delay, that delay) and not
   * for a retry.
   */
  record Started(Attempt attempt, Duration waited) implements TaskbedEvent {}

  /** The handler returned and the broker confirmed the completion. */
  record Succeeded(Attempt attempt, Duration handlerDuration) implements TaskbedEvent {}

  /**
   * The attempt failed and the broker confirmed what happens next: retried after {@code retryIn},
   * or archived ({@code retryIn} null). {@code error} is what the handler threw, or a
   * {@link java.util.concurrent.TimeoutException} for a timeout or deadline.
   */
  record Failed(Attempt attempt, Throwable error, Duration handlerDuration, Duration retryIn) implements TaskbedEvent {
    public boolean archived() {
      return retryIn == null;
    }
  }

  /**
   * The worker lost the lease on a started attempt (not renewed in time, refused by the broker, or
   * the ack could not be confirmed): its result is discarded and the task runs again after lease
   * recovery.
   */
  record LeaseLost(Attempt attempt) implements TaskbedEvent {}

  /** The handler asked for its task to be revoked ({@code RevokeTask}) and the broker removed it. */
  record Revoked(Attempt attempt) implements TaskbedEvent {}

  /** A running handler was asked to stop (timeout, deadline, shutdown, lease lost, revoke). */
  record Cancelled(Attempt attempt, CancelReason reason) implements TaskbedEvent {}

  /** Why a held task went back to its queue with no attempt counted. */
  enum RequeueReason {
    /** Cancelled by a graceful shutdown after its timeout; the handler had started. */
    SHUTDOWN,
    /** The executor refused the handler; it had not run. */
    REJECTED,
    /** Claimed while the server was stopping, or too late to trust the lease; never started. */
    NOT_STARTED
  }

  /** A held task was requeued untouched ({@link RequeueReason}). */
  record Requeued(Attempt attempt, RequeueReason reason) implements TaskbedEvent {}

  /**
   * A cancelled handler did not return within the cancel grace: the task is left to lease recovery
   * while the handler still holds its slot; {@code stuckNow} such handlers are on this worker.
   */
  record HandlerStuck(Attempt attempt, CancelReason reason, int stuckNow) implements TaskbedEvent {}

  /** Maintenance recovered {@code count} tasks whose leases had expired (their workers died or stalled). */
  record LeasesRecovered(String queue, int count) implements TaskbedEvent {}

  /** One broker call by the runtime finished after {@code latency}; {@code error} is null on success. */
  record BrokerCall(String operation, Duration latency, Throwable error) implements TaskbedEvent {}

  /** A broker call failed for lack of a connection after the previous calls had succeeded. */
  record BrokerUnreachable(String operation, Throwable error) implements TaskbedEvent {}

  /** A broker call succeeded again after an outage of {@code outage} (from its first failed call). */
  record BrokerReachable(String operation, Duration outage) implements TaskbedEvent {}
}
