package dev.taskbed;

/**
 * Task counts of one queue by state, and whether it is paused.
 *
 * @param queue queue name
 * @param pending ready to be claimed
 * @param active held by workers
 * @param scheduled waiting for their process time
 * @param retry waiting out a retry backoff
 * @param archived dead
 * @param completed kept after success for their retention period
 * @param paused whether claims skip this queue
 */
public record QueueStats(
    String queue, long pending, long active, long scheduled, long retry, long archived, long completed, boolean paused) {

  /** Tasks that still have work ahead of them: pending, active, scheduled and retry. */
  public long unfinished() {
    return pending + active + scheduled + retry;
  }

  /** Count for one state. */
  public long count(TaskState state) {
    return switch (state) {
      case PENDING -> pending;
      case ACTIVE -> active;
      case SCHEDULED -> scheduled;
      case RETRY -> retry;
      case ARCHIVED -> archived;
      case COMPLETED -> completed;
    };
  }
}
