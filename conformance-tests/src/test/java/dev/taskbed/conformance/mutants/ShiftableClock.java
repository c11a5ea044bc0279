package dev.taskbed.conformance.mutants;

import dev.taskbed.env.ManualClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/**
 * The test's {@link ManualClock}, except that one thread may, for one call, read another time.
 * Mutants use it to make the in-memory broker evaluate a comparison at the wrong instant, which is
 * exactly the effect of an off-by-one or a missing check in a real backend.
 */
final class ShiftableClock extends Clock {
  private final ManualClock base;
  private final ThreadLocal<Long> override = new ThreadLocal<>();

  ShiftableClock(ManualClock base) {
    this.base = base;
  }

  /** Runs {@code action} on the calling thread with the clock reading {@code millis}. */
  <T> T readingAt(long millis, Supplier<T> action) {
    override.set(millis);
    try {
      return action.get();
    } finally {
      override.remove();
    }
  }

  @Override
  public long millis() {
    Long o = override.get();
    return o != null ? o : base.millis();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
