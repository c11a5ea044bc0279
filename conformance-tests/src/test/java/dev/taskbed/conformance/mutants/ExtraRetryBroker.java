package dev.taskbed.conformance.mutants;

import dev.taskbed.EnqueueResult;
import dev.taskbed.Page;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.ClaimRequest;
import dev.taskbed.spi.ClaimResult;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.Lease;
import java.util.List;
import java.util.Optional;

/**
 * Bug: maxRetry is stored as the number of attempts allowed (maxRetry + 1) while recovery compares
 * attempts against it as a number of retries, so a task whose leases keep expiring is retried one
 * time too many. Reads decode the field back, so every listing still shows the right maxRetry.
 */
final class ExtraRetryBroker extends ForwardingBroker {
  ExtraRetryBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  private static EnqueueRequest encode(EnqueueRequest r) {
    return new EnqueueRequest(r.taskId(), r.queue(), r.type(), r.payload(), r.headers(), r.maxRetry() + 1, r.delayMillis(),
        r.processAtMillis(), r.timeoutMillis(), r.deadlineMillis(), r.retentionMillis(), r.uniqueKey(), r.uniqueForMillis(),
        r.contentHash(), r.nonce());
  }

  private static TaskInfo decode(TaskInfo t) {
    return t.toBuilder().maxRetry(t.maxRetry() - 1).build();
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest r) {
    return super.enqueue(encode(r));
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> rs) {
    return super.enqueueBatch(rs.stream().map(ExtraRetryBroker::encode).toList());
  }

  @Override
  public ClaimResult claim(ClaimRequest r) {
    ClaimResult c = super.claim(r);
    return new ClaimResult(c.leases().stream().map(l -> new Lease(decode(l.task()), l.token(), l.expiresAtMillis())).toList(),
        c.millisUntilNextDue());
  }

  @Override
  public Page<TaskInfo> list(String queue, TaskState state, int offset, int limit) {
    Page<TaskInfo> p = super.list(queue, state, offset, limit);
    return new Page<>(p.items().stream().map(ExtraRetryBroker::decode).toList(), p.hasMore());
  }

  @Override
  public Optional<TaskInfo> get(String queue, String taskId) {
    return super.get(queue, taskId).map(ExtraRetryBroker::decode);
  }
}
