package dev.taskbed;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a handler knows about the attempt it runs: the task's identity, its attempt counters, its
 * deadline and whether it has been cancelled. Java's counterpart of Go's {@code context.Context}.
 *
 * <p>Thread-safe. Cancellation is sticky: once cancelled, a context stays cancelled with its first
 * reason.
 */
public interface TaskContext {
  String taskId();

  String queue();

  /** The task being processed. */
  Task task();

  /**
   * Failed attempts counted before this one (0 on the first attempt). The task is archived once a
   * failure brings this past {@link #maxRetry()}.
   */
  int retryCount();

  /** Retries allowed after the first attempt. */
  int maxRetry();

  /** Which claim of this task this attempt runs under; grows by one on every claim. */
  long claimSequence();

  /** When this attempt will be cancelled for timeout or deadline, on the worker's clock. */
  Instant deadline();

  /** Time left until {@link #deadline()}, never negative. */
  Duration remaining();

  boolean isCancelled();

  /** Why the attempt was cancelled, once it has been. */
  Optional<CancelReason> cancelReason();

  /** Throws {@link TaskCancelledException} if the attempt has been cancelled. */
  void throwIfCancelled();

  /**
   * Runs {@code listener} once when the attempt is cancelled (at once if it already is). Listeners
   * run on the thread that cancels and must not block.
   */
  void onCancel(Runnable listener);

  /**
   * The payload decoded into {@code type} by the worker's {@link WorkerConfig#payloadCodec()}
   * (default {@link PayloadCodec#json()}). This default method, for other implementations of the
   * interface, uses {@link PayloadCodec#json()}.
   *
   * @throws InvalidOptionException if it cannot be decoded
   */
  default <T> T payloadAs(Class<T> type) {
    return task().payloadAs(type);
  }
}
