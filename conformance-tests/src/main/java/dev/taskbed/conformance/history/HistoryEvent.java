package dev.taskbed.conformance.history;

import java.util.Objects;

/**
 * One line of a history: an operation was invoked, or it completed ok, failed (certainly not
 * applied) or with an unknown outcome (may or may not have been applied).
 *
 * @param index position in the history; an event with a smaller index was recorded first, so if
 *     one operation's completion has a smaller index than another's invocation, the first finished
 *     before the second began
 * @param type what happened
 * @param operationId pairs an invocation with its completion
 * @param process who did it (a thread or worker name); informative
 * @param operation the operation (repeated on its completion for convenience)
 * @param result the value of an {@link Type#OK} completion (see {@link Operation}); else {@code null}
 * @param error the reason of a {@link Type#FAIL} or {@link Type#UNKNOWN} completion; else {@code null}
 * @param clockMillis the recorder's clock when the event was recorded (virtual time in simulations,
 *     wall-clock time against a real broker)
 * @param wallNanos {@code System.nanoTime()} when the event was recorded; only for durations
 */
public record HistoryEvent(
    int index,
    Type type,
    long operationId,
    String process,
    Operation operation,
    Object result,
    String error,
    long clockMillis,
    long wallNanos) {

  /** Jepsen's :invoke, :ok, :fail and :info. */
  public enum Type {
    /** The operation was sent. */
    INVOKE,
    /** It completed and certainly took effect as its result says. */
    OK,
    /** It certainly did not take effect. */
    FAIL,
    /** It may or may not have taken effect (timeout, connection lost after sending). */
    UNKNOWN
  }

  public HistoryEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(operation, "operation");
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder()
        .append('#').append(index).append(' ')
        .append(String.format("%-7s", type.name().toLowerCase(java.util.Locale.ROOT)))
        .append(" t=").append(clockMillis)
        .append(" [").append(process).append("] op").append(operationId).append(' ')
        .append(operation);
    if (type == Type.OK && result != null) {
      s.append(" -> ").append(result);
    }
    if (error != null) {
      s.append(" !! ").append(error);
    }
    return s.toString();
  }
}
