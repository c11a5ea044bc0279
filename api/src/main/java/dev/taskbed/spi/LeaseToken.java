package dev.taskbed.spi;

import java.util.Objects;

/**
 * Identifies one claim of one task incarnation: the fencing token every ack carries.
 *
 * <p>{@code claimSequence} grows by one with every successful claim of the task;
 * {@code nonce} is fixed when the task record is created (chosen by the client), so a task
 * re-enqueued under the same id after removal never matches a token issued to its predecessor.
 *
 * @param queue the task's queue
 * @param taskId the task's id
 * @param claimSequence which claim of the task this lease belongs to (1 for the first)
 * @param nonce the incarnation nonce of the task record
 */
public record LeaseToken(String queue, String taskId, long claimSequence, long nonce) {
  public LeaseToken {
    Objects.requireNonNull(queue, "queue");
    Objects.requireNonNull(taskId, "taskId");
  }
}
