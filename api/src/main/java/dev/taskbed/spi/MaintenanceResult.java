package dev.taskbed.spi;

/**
 * What one bounded maintenance call did.
 *
 * @param processed items moved, recovered or removed
 * @param hasMore whether eligible items remain beyond the call's limit
 */
public record MaintenanceResult(int processed, boolean hasMore) {
  public static final MaintenanceResult NONE = new MaintenanceResult(0, false);
}
