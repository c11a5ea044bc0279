/**
 * The backend SPI: what a storage backend implements so that Taskbed's client, workers and
 * inspector can run on it.
 *
 * <p>{@link dev.taskbed.spi.Broker} holds the worker-path primitives; {@link dev.taskbed.spi.BrokerAdmin}
 * the inspection and admin operations. Both are judged by the conformance suite in
 * {@code taskbed-conformance-tests}; a backend author runs it through a short subclass.
 *
 * <h2>The contract, in eight points</h2>
 * <ol>
 *   <li><b>No loss.</b> An acknowledged enqueue (a normal return with outcome {@code CREATED} or
 *       {@code EXISTING}) is never lost: the task reaches a terminal state or stays visible. A
 *       worker that dies mid-task loses nothing: its lease expires and
 *       {@link dev.taskbed.spi.Broker#recoverExpiredLeases} recovers the task.
 *   <li><b>Atomic claims.</b> No two live leases on one task; concurrent claimers never receive the
 *       same task for the same claim.
 *   <li><b>Fencing.</b> Every claim carries a {@link dev.taskbed.spi.LeaseToken}. Acks without a live
 *       lease change nothing and report {@link dev.taskbed.spi.AckStatus#LEASE_LOST}, so a zombie
 *       worker never finishes someone else's attempt.
 *   <li><b>Idempotence.</b> Enqueueing an existing id with the same content hash returns the existing
 *       task; a different hash is {@code ID_CONFLICT}. Repeating an ack with the same token and kind
 *       returns {@link dev.taskbed.spi.AckStatus#ALREADY_APPLIED}.
 *   <li><b>Retries.</b> A task that keeps failing is attempted {@code maxRetry + 1} times, then
 *       archived; never earlier than its backoff. Execution is at-least-once.
 *   <li><b>Time.</b> A task is never delivered before it is due. Every operation reads one
 *       {@code now} in whole milliseconds from the broker's clock (Redis {@code TIME} in production,
 *       an injected clock in tests); a task is due iff {@code dueAt <= now}, a lease is expired iff
 *       {@code expiresAt <= now}. Delays travel as durations added to the broker's {@code now}.
 *   <li><b>Order and priority.</b> FIFO for tasks enqueued without a delay that never failed or were
 *       requeued; a claim fills from its queues in the order given.
 *   <li><b>Pause, uniqueness, retention</b> behave as documented on each operation; memory stays
 *       bounded because {@link dev.taskbed.spi.Broker#purgeExpired} reclaims what expired.
 * </ol>
 *
 * <h2>Determinism</h2>
 *
 * Broker operations are deterministic functions of (state, arguments, now): ids, nonces, jitter and
 * queue orders come from the caller. Where an operation is bounded or lists tasks, it follows a
 * total order. For SCHEDULED and RETRY tasks the order is (due time, admission sequence); ACTIVE
 * (lease expiry, admission sequence); ARCHIVED (archive time, admission sequence); COMPLETED
 * (completion time + retention, admission sequence); PENDING is the queue's own order. The
 * admission sequence is a per-queue counter incremented by every created task.
 *
 * <h2>Errors</h2>
 *
 * Driver exceptions never escape. An unreachable backend surfaces as
 * {@link dev.taskbed.BrokerUnavailableException} after the backend's own bounded retries, or as
 * {@link dev.taskbed.EnqueueOutcomeUnknownException} when an enqueue may have been applied.
 */
package dev.taskbed.spi;
