package dev.taskbed.spi;

/** The answer to an ack-type call ({@code complete}, {@code revoke}, {@code retry}, {@code archive}, {@code requeue}, {@code extendLease}). */
public enum AckStatus {
  /** The lease was live and the call was applied. */
  OK,
  /**
   * The same call (same token, same kind) was applied before; nothing changed. The first call's
   * arguments stand.
   */
  ALREADY_APPLIED,
  /**
   * The token does not name a live lease (expired, superseded by another claim, task removed or
   * re-created); nothing changed.
   */
  LEASE_LOST
}
