package dev.taskbed.spi;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One task to enqueue, fully resolved by the client. The client fixes {@code taskId},
 * {@code contentHash} and {@code nonce} before the first attempt and reuses them on every retry.
 *
 * <p>The broker computes {@code dueAt = max(now + delayMillis, processAtMillis)}; the task is
 * PENDING (appended to its queue) when {@code delayMillis == 0 && dueAt <= now}, else SCHEDULED.
 *
 * @param taskId id, unique per queue
 * @param queue queue name
 * @param type task type
 * @param payload payload bytes
 * @param headers headers
 * @param maxRetry retries allowed after the first attempt
 * @param delayMillis delay added to the broker's now, {@code >= 0}
 * @param processAtMillis absolute earliest due time in epoch ms, or 0 for none
 * @param timeoutMillis per-attempt timeout, or 0 for none
 * @param deadlineMillis absolute deadline in epoch ms, or 0 for none
 * @param retentionMillis how long to keep the task after success, {@code >= 0}
 * @param uniqueKey uniqueness key (queue-local), or {@code null} for no uniqueness lock
 * @param uniqueForMillis lock duration after the task's first due time; {@code > 0} iff
 *     {@code uniqueKey != null}
 * @param contentHash hash of the request's content; equal hashes mean identical requests
 * @param nonce incarnation nonce stored in the record and in every lease token
 */
public record EnqueueRequest(
    String taskId,
    String queue,
    String type,
    byte[] payload,
    Map<String, String> headers,
    int maxRetry,
    long delayMillis,
    long processAtMillis,
    long timeoutMillis,
    long deadlineMillis,
    long retentionMillis,
    String uniqueKey,
    long uniqueForMillis,
    String contentHash,
    long nonce) {

  public EnqueueRequest {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(type, "type");
    payload = Objects.requireNonNull(payload, "payload").clone();
    headers = Map.copyOf(new TreeMap<>(headers == null ? Map.of() : headers));
    Objects.requireNonNull(contentHash, "contentHash");
    if (delayMillis < 0 || processAtMillis < 0 || timeoutMillis < 0 || deadlineMillis < 0 || retentionMillis < 0) {
      throw new IllegalArgumentException("negative time in " + taskId);
    }
    if ((uniqueKey == null) != (uniqueForMillis == 0)) {
      throw new IllegalArgumentException("uniqueKey and uniqueForMillis go together in " + taskId);
    }
  }

  /** The payload; the caller must not modify it. */
  @Override
  public byte[] payload() {
    return payload;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnqueueRequest r
        && taskId.equals(r.taskId) && queue.equals(r.queue) && type.equals(r.type)
        && Arrays.equals(payload, r.payload) && headers.equals(r.headers)
        && maxRetry == r.maxRetry && delayMillis == r.delayMillis && processAtMillis == r.processAtMillis
        && timeoutMillis == r.timeoutMillis && deadlineMillis == r.deadlineMillis
        && retentionMillis == r.retentionMillis && Objects.equals(uniqueKey, r.uniqueKey)
        && uniqueForMillis == r.uniqueForMillis && contentHash.equals(r.contentHash) && nonce == r.nonce;
  }

  @Override
  public int hashCode() {
    return Objects.hash(taskId, queue, contentHash, nonce);
  }

  @Override
  public String toString() {
    return "EnqueueRequest{" + queue + "/" + taskId + ", type=" + type + ", payload=" + payload.length + "B"
        + (delayMillis > 0 ? ", delay=" + delayMillis : "")
        + (processAtMillis > 0 ? ", processAt=" + processAtMillis : "")
        + ", maxRetry=" + maxRetry
        + (uniqueKey != null ? ", uniqueFor=" + uniqueForMillis : "")
        + (retentionMillis > 0 ? ", retention=" + retentionMillis : "")
        + ", hash=" + contentHash + "}";
  }
}
