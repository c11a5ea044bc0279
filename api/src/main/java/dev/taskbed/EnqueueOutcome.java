package dev.taskbed;

/** What became of one enqueue request. */
public enum EnqueueOutcome {
  /** A new task was created. */
  CREATED,
  /**
   * A task with this id and identical content already existed (or existed within the idempotency
   * window); nothing changed. This is how a retried enqueue after a lost reply is answered.
   */
  EXISTING,
  /** A task with this id but different content exists. Batch only; a single enqueue throws {@link TaskIdConflictException}. */
  ID_CONFLICT,
  /** The uniqueness lock is held by another task. Batch only; a single enqueue throws {@link DuplicateTaskException}. */
  DUPLICATE,
  /**
   * Not acknowledged: the request may or may not have been applied. Batch only; a single enqueue
   * throws {@link EnqueueOutcomeUnknownException}. Retrying with the same task id is safe.
   */
  UNKNOWN;

  /** Whether the task is acknowledged: it exists (or existed) in the broker and will not be lost. */
  public boolean acknowledged() {
    return this == CREATED || this == EXISTING;
  }
}
