package dev.taskbed.inmemory;

import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.spi.AckKind;
import dev.taskbed.spi.EnqueueRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One live task. Mutable, guarded by the broker's lock. Fields that order a container (due time,
 * lease expiry, archive and completion time) change only while the record is detached from it.
 */
final class TaskRecord {
  final String id;
  final String queue;
  final long seq;
  final long nonce;
  final String contentHash;
  final String type;
  final byte[] payload;
  final Map<String, String> headers;
  final int maxRetry;
  final long timeoutMillis;
  final long deadlineMillis;
  final long retentionMillis;
  final long enqueuedAt;

  TaskState state;
  int attempts;
  long claimSequence;
  String lastError;
  Long lastFailedAt;
  long dueAt;
  long leaseExpiresAt;
  long completedAt;
  long archivedAt;
  long lastAckSequence;
  AckKind lastAckKind;

  TaskRecord(EnqueueRequest r, long seq, long now) {
    this.id = r.taskId();
    this.queue = r.queue();
    this.seq = seq;
    this.nonce = r.nonce();
    this.contentHash = r.contentHash();
    this.type = r.type();
    this.payload = r.payload().clone();
    this.headers = r.headers();
    this.maxRetry = r.maxRetry();
    this.timeoutMillis = r.timeoutMillis();
    this.deadlineMillis = r.deadlineMillis();
    this.retentionMillis = r.retentionMillis();
    this.enqueuedAt = now;
  }

  long retainUntil() {
    return completedAt + retentionMillis;
  }

  boolean lastAckWas(long claimSeq, AckKind kind) {
    return lastAckKind == kind && lastAckSequence == claimSeq;
  }

  TaskInfo info() {
    return TaskInfo.builder()
        .id(id).queue(queue).type(type).payload(payload).headers(headers).state(state)
        .maxRetry(maxRetry).attempts(attempts).claimSequence(claimSequence)
        .lastError(lastError)
        .lastFailedAt(lastFailedAt == null ? null : Instant.ofEpochMilli(lastFailedAt))
        .enqueuedAt(Instant.ofEpochMilli(enqueuedAt))
        .nextProcessAt(state == TaskState.SCHEDULED || state == TaskState.RETRY ? Instant.ofEpochMilli(dueAt) : null)
        .timeout(timeoutMillis > 0 ? Duration.ofMillis(timeoutMillis) : null)
        .deadline(deadlineMillis > 0 ? Instant.ofEpochMilli(deadlineMillis) : null)
        .retention(Duration.ofMillis(retentionMillis))
        .leaseExpiresAt(state == TaskState.ACTIVE ? Instant.ofEpochMilli(leaseExpiresAt) : null)
        .completedAt(state == TaskState.COMPLETED ? Instant.ofEpochMilli(completedAt) : null)
        .archivedAt(state == TaskState.ARCHIVED ? Instant.ofEpochMilli(archivedAt) : null)
        .build();
  }

  /** What remains of a removed task: enough to answer late enqueue retries and repeated acks. */
  record Tombstone(String contentHash, long nonce, long lastAckSequence, AckKind lastAckKind, long expiresAt) {
    boolean lastAckWas(long claimSeq, AckKind kind) {
      return lastAckKind == kind && lastAckSequence == claimSeq;
    }
  }
}
