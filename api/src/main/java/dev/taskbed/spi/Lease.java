package dev.taskbed.spi;

import dev.taskbed.TaskInfo;
import java.util.Objects;

/**
 * A claimed task and the lease on it.
 *
 * @param task the task as claimed (state ACTIVE, claim sequence already incremented)
 * @param token the fencing token every ack for this claim must carry
 * @param expiresAtMillis when the lease expires on the broker's clock, unless extended
 */
public record Lease(TaskInfo task, LeaseToken token, long expiresAtMillis) {
  public Lease {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(token, "token");
  }
}
