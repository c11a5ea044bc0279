package dev.taskbed.conformance.concurrent;

import java.util.SplittableRandom;

/**
 * One thing a worker thread does in a round. Actions refer to the worker's own leases ("the
 * oldest lease I hold", "a lease I gave up earlier"), so a plan stays meaningful whatever the
 * threads won in earlier rounds.
 *
 * @param kind what to do
 * @param queue for claims, the first queue to fill from; for maintenance and enqueues, the queue
 * @param maxTasks for claims
 * @param millis lease for claims, duration for extensions, delay for retries
 * @param taskId for enqueues, the id of the task produced
 */
record WorkerAction(Kind kind, String queue, int maxTasks, long millis, String taskId) {

  enum Kind {
    /** Claim up to {@code maxTasks}, {@code queue} first, then the other queue. */
    CLAIM,
    /**
     * Send this worker's previous claim request again with replay set, as after a lost reply
     * ({@code maxTasks} 1: with its queues in reversed order).
     */
    REPLAY_CLAIM,
    /** Complete the oldest lease held. */
    COMPLETE,
    /** The runtime's failure path on the oldest lease held: retry counted, or archive when exhausted. */
    FAIL,
    /** Requeue the oldest lease held. */
    REQUEUE,
    /** Extend every lease held. */
    EXTEND,
    /** Ack (complete) with a lease this worker already gave up or let lapse: a zombie. */
    ZOMBIE_COMPLETE,
    /** Extend a lease this worker already gave up or let lapse. */
    ZOMBIE_EXTEND,
    /** Enqueue a new task. */
    ENQUEUE,
    /** Forward due tasks of {@code queue}. */
    FORWARD,
    /** Recover expired leases of {@code queue}. */
    RECOVER,
    /**
     * Enqueue the request every worker of this round sends too: the same id, content and nonce (a
     * client's retry racing its own original). Exactly one is {@code CREATED}, the rest
     * {@code EXISTING}.
     */
    ENQUEUE_SAME_ID,
    /**
     * Enqueue a task of its own id whose content (so uniqueness key) every worker of this round
     * shares, under a long uniqueness lock. Exactly one is {@code CREATED}, the rest
     * {@code DUPLICATE}.
     */
    ENQUEUE_SAME_KEY
  }

  /** The uniqueness lock of {@link Kind#ENQUEUE_SAME_KEY}: longer than any run, so it holds all round. */
  static final long CONTENDED_UNIQUE_FOR_MILLIS = 3_600_000;

  static WorkerAction random(SplittableRandom r, double timeScale, String newTaskId) {
    String queue = ConcurrentPlan.QUEUES.get(r.nextInt(10) < 7 ? 0 : 1);
    int roll = r.nextInt(100);
    if (roll < 5) {
      return null;
    }
    if (roll < 37) {
      return new WorkerAction(Kind.CLAIM, queue, 1 + r.nextInt(3),
          ConcurrentPlan.scaled(new long[] {500, 1_000, 5_000}[r.nextInt(3)], timeScale), null);
    }
    if (roll < 41) {
      return new WorkerAction(Kind.REPLAY_CLAIM, queue, r.nextInt(2), 0, null); // maxTasks 1: queues reversed
    }
    if (roll < 56) {
      return new WorkerAction(Kind.COMPLETE, queue, 0, 0, null);
    }
    if (roll < 66) {
      long delay = new long[] {0, 1, 500, 1_000}[r.nextInt(4)];
      return new WorkerAction(Kind.FAIL, queue, 0, delay == 0 ? 0 : ConcurrentPlan.scaled(delay, timeScale), null);
    }
    if (roll < 70) {
      return new WorkerAction(Kind.REQUEUE, queue, 0, 0, null);
    }
    if (roll < 78) {
      return new WorkerAction(Kind.EXTEND, queue, 0, ConcurrentPlan.scaled(2_000, timeScale), null);
    }
    if (roll < 84) {
      return new WorkerAction(Kind.ZOMBIE_COMPLETE, queue, 0, 0, null);
    }
    if (roll < 87) {
      return new WorkerAction(Kind.ZOMBIE_EXTEND, queue, 0, ConcurrentPlan.scaled(2_000, timeScale), null);
    }
    if (roll < 93) {
      return new WorkerAction(Kind.ENQUEUE, queue, 0, r.nextInt(4) == 0 ? ConcurrentPlan.scaled(500, timeScale) : 0, newTaskId);
    }
    if (roll < 96) {
      return new WorkerAction(Kind.FORWARD, queue, 0, 0, null);
    }
    return new WorkerAction(Kind.RECOVER, queue, 0, 0, null);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case CLAIM -> "claim " + maxTasks + " from " + queue + " first, lease " + millis;
      case REPLAY_CLAIM -> "replay its last claim" + (maxTasks == 1 ? " with its queues reversed" : "");
      case COMPLETE -> "complete its oldest lease";
      case FAIL -> "fail its oldest lease (retry delay " + millis + ")";
      case REQUEUE -> "requeue its oldest lease";
      case EXTEND -> "extend its leases by " + millis;
      case ZOMBIE_COMPLETE -> "complete a lease it gave up";
      case ZOMBIE_EXTEND -> "extend a lease it gave up by " + millis;
      case ENQUEUE -> "enqueue " + queue + "/" + taskId + (millis > 0 ? " delay=" + millis : "");
      case FORWARD -> "forwardDue " + queue;
      case RECOVER -> "recoverExpiredLeases " + queue;
      case ENQUEUE_SAME_ID -> "enqueue " + queue + "/" + taskId + " (the same request as every worker this round)";
      case ENQUEUE_SAME_KEY -> "enqueue its own id with the content of " + taskId + " (uniqueFor "
          + CONTENDED_UNIQUE_FOR_MILLIS + ", shared by every worker this round)";
    };
  }
}
