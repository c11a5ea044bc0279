package dev.taskbed.conformance.history;

import dev.taskbed.EnqueueOutcome;
import dev.taskbed.EnqueueResult;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.env.ManualClock;
import dev.taskbed.spi.AckKind;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.Lease;
import dev.taskbed.spi.LeaseToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Writes hand-made histories for the checker's tests: one method per client action. */
final class HistoryScript {
  static final String Q = "q";
  static final long NONCE = 7;
  static final long LEASE = 1_000;

  final ManualClock clock = new ManualClock(1_000_000);
  final HistoryRecorder recorder = new HistoryRecorder(clock);
  private int requests;

  HistoryScript at(long millis) {
    clock.setMillis(millis);
    return this;
  }

  HistoryScript advance(long millis) {
    clock.advance(Duration.ofMillis(millis));
    return this;
  }

  HistoryRecorder.Invocation invokeEnqueue(String id, long delay) {
    return recorder.invoke("client", new Operation.Enqueue(Q, id, NONCE, delay, 0));
  }

  /** An acknowledged enqueue. */
  HistoryScript enqueue(String id) {
    return enqueue(id, 0);
  }

  HistoryScript enqueue(String id, long delay) {
    invokeEnqueue(id, delay).ok(new EnqueueResult(id, Q, EnqueueOutcome.CREATED, delay > 0 ? TaskState.SCHEDULED : TaskState.PENDING));
    return this;
  }

  static TaskInfo info(String id, TaskState state, long seq, int attempts, int maxRetry) {
    return TaskInfo.builder().id(id).queue(Q).type("t").state(state).claimSequence(seq).attempts(attempts)
        .maxRetry(maxRetry).enqueuedAt(Instant.ofEpochMilli(1_000_000)).build();
  }

  static LeaseToken token(String id, long seq) {
    return new LeaseToken(Q, id, seq, NONCE);
  }

  Lease lease(String id, long seq) {
    return lease(id, seq, 0, 3);
  }

  Lease lease(String id, long seq, int attempts, int maxRetry) {
    return new Lease(info(id, TaskState.ACTIVE, seq, attempts, maxRetry), token(id, seq), clock.millis() + LEASE);
  }

  HistoryRecorder.Invocation invokeClaim(String requestId) {
    return recorder.invoke("worker", new Operation.Claim(new ClaimRequest(requestId, List.of(Q), 10, LEASE)));
  }

  /** A claim under a fresh request id that returned {@code leases}. */
  HistoryScript claim(Lease... leases) {
    return claim("r" + (++requests), leases);
  }

  HistoryScript claim(String requestId, Lease... leases) {
    invokeClaim(requestId).ok(new ClaimResult(List.of(leases), -1));
    return this;
  }

  HistoryScript ack(AckKind kind, LeaseToken token, AckStatus status) {
    return ack(kind, token, 0, status);
  }

  HistoryScript ack(AckKind kind, LeaseToken token, long retryDelay, AckStatus status) {
    recorder.invoke("worker", new Operation.Ack(kind, token, retryDelay)).ok(status);
    return this;
  }

  HistoryScript extend(LeaseToken token, long duration, AckStatus status) {
    recorder.invoke("worker", new Operation.ExtendLease(token, duration)).ok(status);
    return this;
  }

  HistoryScript admin(Operation.AdminKind kind, String id) {
    recorder.invoke("admin", new Operation.Admin(kind, Q, id)).ok(null);
    return this;
  }

  HistoryScript purge() {
    return purge(1);
  }

  /** A purge of {@link #Q} that reports {@code removed} tasks removed. */
  HistoryScript purge(int removed) {
    recorder.invoke("maintenance", new Operation.Maintenance(Operation.MaintenanceKind.PURGE_EXPIRED, Q, 100, 0))
        .ok(new dev.taskbed.spi.MaintenanceResult(removed, false));
    return this;
  }

  /** A read of queue {@link #Q} that saw {@code tasks}. */
  HistoryScript read(TaskInfo... tasks) {
    recorder.invoke("checker", new Operation.Read(List.of(Q))).ok(new ArrayList<>(List.of(tasks)));
    return this;
  }

  HistoryReport check() {
    return HistoryChecker.defaults().check(recorder.history());
  }

  HistoryReport check(HistoryChecker checker) {
    return checker.check(recorder.history());
  }
}
