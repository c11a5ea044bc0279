package dev.taskbed;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A snapshot of one task as the broker holds it. Times are whole milliseconds on the broker's
 * clock. Components documented as nullable are {@code null} when they do not apply to the task's
 * state.
 *
 * @param id task id, unique within its queue
 * @param queue queue name
 * @param type task type
 * @param payload payload bytes (the record never hands out its own array)
 * @param headers headers, sorted by name
 * @param state current state
 * @param maxRetry retries allowed after the first attempt
 * @param attempts failed attempts counted so far (failures, runtime archives and lease recoveries;
 *     not requeues or non-failure retries)
 * @param claimSequence how many times the task has been claimed; part of the lease token
 * @param lastError message of the last failure; nullable
 * @param lastFailedAt when the last failure was recorded; nullable
 * @param enqueuedAt when the broker accepted the task
 * @param nextProcessAt when a {@code SCHEDULED} or {@code RETRY} task becomes due; nullable
 * @param timeout per-attempt timeout; nullable (none)
 * @param deadline absolute deadline; nullable (none)
 * @param retention how long the task is kept after success
 * @param leaseExpiresAt when the current lease of an {@code ACTIVE} task expires; nullable
 * @param completedAt when a {@code COMPLETED} task succeeded; nullable
 * @param archivedAt when an {@code ARCHIVED} task was archived; nullable
 */
public record TaskInfo(
    String id,
    String queue,
    String type,
    byte[] payload,
    Map<String, String> headers,
    TaskState state,
    int maxRetry,
    int attempts,
    long claimSequence,
    String lastError,
    Instant lastFailedAt,
    Instant enqueuedAt,
    Instant nextProcessAt,
    Duration timeout,
    Instant deadline,
    Duration retention,
    Instant leaseExpiresAt,
    Instant completedAt,
    Instant archivedAt) {

  public TaskInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(type, "type");
    payload = Objects.requireNonNull(payload, "payload").clone();
    headers = Collections.unmodifiableMap(new TreeMap<>(headers == null ? Map.of() : headers));
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(enqueuedAt, "enqueuedAt");
    retention = retention == null ? Duration.ZERO : retention;
  }

  /** A copy of the payload. */
  @Override
  public byte[] payload() {
    return payload.clone();
  }

  /** The task as a {@link Task} (type, payload, headers; default options). */
  public Task task() {
    return Task.builder(type).payload(payload).headers(headers).build();
  }

  /** The payload read as JSON into {@code type}. */
  public <T> T payloadAs(Class<T> type) {
    return task().payloadAs(type);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised from this snapshot. */
  public Builder toBuilder() {
    return new Builder()
        .id(id).queue(queue).type(type).payload(payload).headers(headers).state(state)
        .maxRetry(maxRetry).attempts(attempts).claimSequence(claimSequence)
        .lastError(lastError).lastFailedAt(lastFailedAt).enqueuedAt(enqueuedAt)
        .nextProcessAt(nextProcessAt).timeout(timeout).deadline(deadline).retention(retention)
        .leaseExpiresAt(leaseExpiresAt).completedAt(completedAt).archivedAt(archivedAt);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskInfo t
        && id.equals(t.id)
        && queue.equals(t.queue)
        && type.equals(t.type)
        && Arrays.equals(payload, t.payload)
        && headers.equals(t.headers)
        && state == t.state
        && maxRetry == t.maxRetry
        && attempts == t.attempts
        && claimSequence == t.claimSequence
        && Objects.equals(lastError, t.lastError)
        && Objects.equals(lastFailedAt, t.lastFailedAt)
        && enqueuedAt.equals(t.enqueuedAt)
        && Objects.equals(nextProcessAt, t.nextProcessAt)
        && Objects.equals(timeout, t.timeout)
        && Objects.equals(deadline, t.deadline)
        && retention.equals(t.retention)
        && Objects.equals(leaseExpiresAt, t.leaseExpiresAt)
        && Objects.equals(completedAt, t.completedAt)
        && Objects.equals(archivedAt, t.archivedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, queue, type, Arrays.hashCode(payload), state, attempts, claimSequence);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("TaskInfo{")
        .append(queue).append('/').append(id)
        .append(", type=").append(type)
        .append(", state=").append(state)
        .append(", attempts=").append(attempts).append('/').append(maxRetry + 1)
        .append(", claims=").append(claimSequence)
        .append(", payload=");
    if (payload.length <= 64) {
      s.append('"').append(new String(payload, StandardCharsets.UTF_8)).append('"');
    } else {
      s.append(payload.length).append(" bytes");
    }
    if (!headers.isEmpty()) s.append(", headers=").append(headers);
    s.append(", enqueuedAt=").append(enqueuedAt);
    if (nextProcessAt != null) s.append(", nextProcessAt=").append(nextProcessAt);
    if (leaseExpiresAt != null) s.append(", leaseExpiresAt=").append(leaseExpiresAt);
    if (completedAt != null) s.append(", completedAt=").append(completedAt);
    if (archivedAt != null) s.append(", archivedAt=").append(archivedAt);
    if (lastError != null) s.append(", lastError=").append(lastError).append(" at ").append(lastFailedAt);
    if (timeout != null) s.append(", timeout=").append(timeout);
    if (deadline != null) s.append(", deadline=").append(deadline);
    if (!retention.isZero()) s.append(", retention=").append(retention);
    return s.append('}').toString();
  }

  /** Builds a {@link TaskInfo}; used by backends to describe their records. Not thread-safe. */
  public static final class Builder {
    private String id;
    private String queue;
    private String type;
    private byte[] payload = new byte[0];
    private Map<String, String> headers = Map.of();
    private TaskState state;
    private int maxRetry;
    private int attempts;
    private long claimSequence;
    private String lastError;
    private Instant lastFailedAt;
    private Instant enqueuedAt;
    private Instant nextProcessAt;
    private Duration timeout;
    private Instant deadline;
    private Duration retention = Duration.ZERO;
    private Instant leaseExpiresAt;
    private Instant completedAt;
    private Instant archivedAt;

    private Builder() {}

    public Builder id(String v) { id = v; return this; }
    public Builder queue(String v) { queue = v; return this; }
    public Builder type(String v) { type = v; return this; }
    public Builder payload(byte[] v) { payload = v; return this; }
    public Builder headers(Map<String, String> v) { headers = v; return this; }
    public Builder state(TaskState v) { state = v; return this; }
    public Builder maxRetry(int v) { maxRetry = v; return this; }
    public Builder attempts(int v) { attempts = v; return this; }
    public Builder claimSequence(long v) { claimSequence = v; return this; }
    public Builder lastError(String v) { lastError = v; return this; }
    public Builder lastFailedAt(Instant v) { lastFailedAt = v; return this; }
    public Builder enqueuedAt(Instant v) { enqueuedAt = v; return this; }
    public Builder nextProcessAt(Instant v) { nextProcessAt = v; return this; }
    public Builder timeout(Duration v) { timeout = v; return this; }
    public Builder deadline(Instant v) { deadline = v; return this; }
    public Builder retention(Duration v) { retention = v; return this; }
    public Builder leaseExpiresAt(Instant v) { leaseExpiresAt = v; return this; }
    public Builder completedAt(Instant v) { completedAt = v; return this; }
    public Builder archivedAt(Instant v) { archivedAt = v; return this; }

    public TaskInfo build() {
      return new TaskInfo(id, queue, type, payload, headers, state, maxRetry, attempts, claimSequence,
          lastError, lastFailedAt, enqueuedAt, nextProcessAt, timeout, deadline, retention,
          leaseExpiresAt, completedAt, archivedAt);
    }
  }
}
