package dev.taskbed.spi;

/**
 * The kind of a state-changing ack. A task records the (claim sequence, kind) of the last one
 * applied, so that repeating it is answered {@link AckStatus#ALREADY_APPLIED}.
 */
public enum AckKind {
  COMPLETE,
  REVOKE,
  RETRY,
  ARCHIVE,
  REQUEUE
}
