package dev.taskbed.conformance.history;

import dev.taskbed.spi.AckKind;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.LeaseToken;
import java.util.List;
import java.util.Objects;

/**
 * What a history records as invoked: one client-visible operation on a broker, with just the
 * arguments the {@link HistoryChecker} reasons about. Each kind documents the result type its
 * {@link HistoryRecorder.Invocation#ok ok} completion carries.
 */
public sealed interface Operation {

  /** The task this operation is about, or {@code null} for claims, maintenance and reads. */
  TaskKey task();

  /**
   * One enqueue request (a batch is recorded as one operation per item). Result: the
   * {@link dev.taskbed.EnqueueResult}; outcomes {@code CREATED} and {@code EXISTING} acknowledge
   * the task, {@code ID_CONFLICT} and {@code DUPLICATE} say it was not applied, {@code UNKNOWN} is
   * recorded as an unknown completion.
   *
   * @param queue queue
   * @param taskId task id
   * @param nonce incarnation nonce the request carries
   * @param delayMillis delay the broker adds to its now
   * @param processAtMillis absolute earliest due time, 0 for none
   */
  record Enqueue(String queue, String taskId, long nonce, long delayMillis, long processAtMillis) implements Operation {
    public Enqueue {
      Objects.requireNonNull(queue, "queue");
      Objects.requireNonNull(taskId, "taskId");
    }

    public static Enqueue of(EnqueueRequest r) {
      return new Enqueue(r.queue(), r.taskId(), r.nonce(), r.delayMillis(), r.processAtMillis());
    }

    @Override
    public TaskKey task() {
      return new TaskKey(queue, taskId);
    }

    @Override
    public String toString() {
      return "enqueue " + queue + "/" + taskId + (delayMillis > 0 ? " delay=" + delayMillis : "")
          + (processAtMillis > 0 ? " processAt=" + processAtMillis : "");
    }
  }

  /** A claim. Result: the {@link dev.taskbed.spi.ClaimResult}. */
  record Claim(ClaimRequest request) implements Operation {
    public Claim {
      Objects.requireNonNull(request, "request");
    }

    @Override
    public TaskKey task() {
      return null;
    }

    @Override
    public String toString() {
      return "claim " + request.requestId() + " " + request.queues() + " max=" + request.maxTasks()
          + " lease=" + request.leaseMillis();
    }
  }

  /**
   * A state-changing ack ({@code complete}, {@code revoke}, {@code retry}, {@code archive},
   * {@code requeue}). Result: the {@link dev.taskbed.spi.AckStatus}.
   *
   * @param kind which ack
   * @param token the lease token it carries
   * @param retryDelayMillis for {@code RETRY}, the delay before the task is due again; else 0
   */
  record Ack(AckKind kind, LeaseToken token, long retryDelayMillis) implements Operation {
    public Ack {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(token, "token");
    }

    @Override
    public TaskKey task() {
      return new TaskKey(token.queue(), token.taskId());
    }

    @Override
    public String toString() {
      return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + token.queue() + "/" + token.taskId()
          + "#" + token.claimSequence() + (kind == AckKind.RETRY ? " delay=" + retryDelayMillis : "");
    }
  }

  /** An {@code extendLease}. Result: the {@link dev.taskbed.spi.AckStatus}. */
  record ExtendLease(LeaseToken token, long durationMillis) implements Operation {
    public ExtendLease {
      Objects.requireNonNull(token, "token");
    }

    @Override
    public TaskKey task() {
      return new TaskKey(token.queue(), token.taskId());
    }

    @Override
    public String toString() {
      return "extend " + token.queue() + "/" + token.taskId() + "#" + token.claimSequence() + " by " + durationMillis;
    }
  }

  /** Admin operations that change one task. */
  enum AdminKind { DELETE, RUN_NOW, ARCHIVE }

  /** An admin delete, run-now or archive. Result: {@code null}; an exception is a failure. */
  record Admin(AdminKind kind, String queue, String taskId) implements Operation {
    public Admin {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(queue, "queue");
      Objects.requireNonNull(taskId, "taskId");
    }

    @Override
    public TaskKey task() {
      return new TaskKey(queue, taskId);
    }

    @Override
    public String toString() {
      return "admin " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + queue + "/" + taskId;
    }
  }

  /** Maintenance calls. */
  enum MaintenanceKind { FORWARD_DUE, RECOVER_EXPIRED_LEASES, PURGE_EXPIRED }

  /**
   * A maintenance call on one queue. Result: the {@link dev.taskbed.spi.MaintenanceResult}. The
   * checker needs to see purges: they remove archived and completed tasks without naming them.
   */
  record Maintenance(MaintenanceKind kind, String queue, int limit, long recoveryDelayMillis) implements Operation {
    public Maintenance {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(queue, "queue");
    }

    @Override
    public TaskKey task() {
      return null;
    }

    @Override
    public String toString() {
      return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + queue + " limit=" + limit;
    }
  }

  /**
   * A read of every task in {@code queues}, all states. Result: a {@code List<TaskInfo>} of every
   * task seen. The last successful read is the history's final read: the checker judges loss
   * against it.
   */
  record Read(List<String> queues) implements Operation {
    public Read {
      queues = List.copyOf(queues);
    }

    @Override
    public TaskKey task() {
      return null;
    }

    @Override
    public String toString() {
      return "read " + queues;
    }
  }
}
