package dev.taskbed.env;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that moves only when told to, in whole milliseconds. Thread-safe. Ships in main code so
 * the conformance kit, the simulator and users' own tests can drive brokers on virtual time.
 */
public final class ManualClock extends Clock {
  private long millis;

  /** A clock at {@code 2026-01-01T00:00:00Z}: a fixed, readable epoch for tests. */
  public ManualClock() {
    this(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
  }

  public ManualClock(long epochMillis) {
    this.millis = epochMillis;
  }

  @Override
  public synchronized long millis() {
    return millis;
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
    throw new UnsupportedOperationException("ManualClock is always UTC");
  }

  /** Moves the clock forward; a negative duration is rejected (time never runs backwards). */
  public synchronized void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("cannot move a ManualClock backwards: " + d);
    }
    millis += d.toMillis();
  }

  /** Moves the clock to {@code epochMillis}, which must not be in the past. */
  public synchronized void setMillis(long epochMillis) {
    if (epochMillis < millis) {
      throw new IllegalArgumentException("cannot move a ManualClock backwards from " + millis + " to " + epochMillis);
    }
    millis = epochMillis;
  }

  @Override
  public String toString() {
    return "ManualClock[" + instant() + "]";
  }
}
