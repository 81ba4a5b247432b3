package dev.baton.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A {@link Clock} that stands still until a test moves it with {@link #advance}: for code that
 * takes a clock to decide when a token, a cache entry or a wait has run out. Always in UTC; {@link
 * #withZone} returns this same clock, so a moved clock is seen by whoever holds it. Safe for
 * concurrent use: a fake sleeper on another thread may move it while the code under test reads it.
 */
public final class MutableClock extends Clock {
  private Instant now;

  /**
   * @param start the instant the clock shows until it is first moved
   */
  public MutableClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  /**
   * Moves the clock forward (or, with a negative duration, back).
   *
   * @param duration how far
   */
  public synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }

  /**
   * @return the instant the clock shows now
   */
  @Override
  public synchronized Instant instant() {
    return now;
  }

  /**
   * @return UTC
   */
  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /**
   * @param zone ignored
   * @return this clock, still in UTC, so that moving it moves what the caller sees
   */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
