package dev.taskbed.spi;

import dev.taskbed.InvalidOptionException;
import java.time.Duration;
import java.util.Objects;

/**
 * Retention limits every backend applies in {@link Broker#purgeExpired}: how many archived tasks a
 * queue keeps and for how long, and how long removed tasks leave a tombstone that answers late
 * enqueue retries and repeated acks.
 *
 * @param archiveMaxSize archived tasks kept per queue, oldest trimmed first; default 10,000
 * @param archiveMaxAge archived tasks older than this are trimmed; default 90 days
 * @param idempotencyWindow how long a removed task's tombstone lasts; default 10 minutes
 */
public record BrokerPolicy(int archiveMaxSize, Duration archiveMaxAge, Duration idempotencyWindow) {
  public static final int DEFAULT_ARCHIVE_MAX_SIZE = 10_000;
  public static final Duration DEFAULT_ARCHIVE_MAX_AGE = Duration.ofDays(90);
  public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = Duration.ofMinutes(10);

  public BrokerPolicy {
    Objects.requireNonNull(archiveMaxAge, "archiveMaxAge");
    Objects.requireNonNull(idempotencyWindow, "idempotencyWindow");
    if (archiveMaxSize < 1) {
      throw new InvalidOptionException("archiveMaxSize", archiveMaxSize, "must be >= 1");
    }
    if (archiveMaxAge.isNegative() || archiveMaxAge.isZero()) {
      throw new InvalidOptionException("archiveMaxAge", archiveMaxAge, "must be > 0");
    }
    if (idempotencyWindow.isNegative() || idempotencyWindow.isZero()) {
      throw new InvalidOptionException("idempotencyWindow", idempotencyWindow, "must be > 0");
    }
  }

  public static BrokerPolicy defaults() {
    return new BrokerPolicy(DEFAULT_ARCHIVE_MAX_SIZE, DEFAULT_ARCHIVE_MAX_AGE, DEFAULT_IDEMPOTENCY_WINDOW);
  }
}
