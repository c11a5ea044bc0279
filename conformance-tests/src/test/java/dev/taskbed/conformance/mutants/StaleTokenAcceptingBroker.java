package dev.taskbed.conformance.mutants;

import dev.taskbed.EnqueueResult;
import dev.taskbed.TaskInfo;
import dev.taskbed.TaskState;
import dev.taskbed.inmemory.InMemoryBroker;
import dev.taskbed.spi.AckStatus;
import dev.taskbed.spi.EnqueueRequest;
import dev.taskbed.spi.LeaseToken;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Bug: acks are fenced by task id and incarnation nonce but not by claim sequence, so a zombie
 * worker holding an older claim's token finishes the attempt another worker now owns.
 */
final class StaleTokenAcceptingBroker extends ForwardingBroker {
  private final Map<String, Long> nonces = new ConcurrentHashMap<>();

  StaleTokenAcceptingBroker(InMemoryBroker delegate) {
    super(delegate);
  }

  @Override
  public EnqueueResult enqueue(EnqueueRequest r) {
    nonces.putIfAbsent(r.queue() + "/" + r.taskId(), r.nonce());
    return super.enqueue(r);
  }

  @Override
  public List<EnqueueResult> enqueueBatch(List<EnqueueRequest> rs) {
    rs.forEach(r -> nonces.putIfAbsent(r.queue() + "/" + r.taskId(), r.nonce()));
    return super.enqueueBatch(rs);
  }

  @Override public AckStatus complete(LeaseToken t) { return fenced(t, super::complete); }
  @Override public AckStatus revoke(LeaseToken t) { return fenced(t, super::revoke); }
  @Override public AckStatus requeue(LeaseToken t) { return fenced(t, super::requeue); }
  @Override public AckStatus retry(LeaseToken t, long d, String e, boolean c) { return fenced(t, x -> super.retry(x, d, e, c)); }
  @Override public AckStatus archive(LeaseToken t, String e, boolean c) { return fenced(t, x -> super.archive(x, e, c)); }

  private AckStatus fenced(LeaseToken token, Function<LeaseToken, AckStatus> ack) {
    AckStatus status = ack.apply(token);
    if (status != AckStatus.LEASE_LOST) {
      return status;
    }
    Optional<TaskInfo> current = get(token.queue(), token.taskId());
    Long nonce = nonces.get(token.queue() + "/" + token.taskId());
    if (current.isPresent() && current.get().state() == TaskState.ACTIVE && nonce != null && nonce == token.nonce()
        && current.get().claimSequence() != token.claimSequence()) {
      return ack.apply(new LeaseToken(token.queue(), token.taskId(), current.get().claimSequence(), token.nonce()));
    }
    return status;
  }
}
