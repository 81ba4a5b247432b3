package dev.baton.internal;

import java.time.Duration;
import java.util.Objects;

/** The checks every builder applies to the durations it is given, with one wording. */
public final class Durations {
  private Durations() {}

  /**
   * Refuses a null, zero or negative duration.
   *
   * @param d the duration
   * @param name the setting's name, quoted in the message
   * @return {@code d}
   * @throws IllegalArgumentException "NAME must be positive, got D"
   */
  public static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
    return d;
  }

  /**
   * Refuses a null or negative duration.
   *
   * @param d the duration
   * @param name the setting's name, quoted in the message
   * @return {@code d}
   * @throws IllegalArgumentException "NAME must not be negative, got D"
   */
  public static Duration nonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
    return d;
  }

  /**
   * The shorter of two durations.
   *
   * @param a one duration
   * @param b the other
   * @return {@code a} when it is not longer than {@code b}, else {@code b}
   */
  public static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * Whether waiting {@code wait} from now would reach a deadline on {@link System#nanoTime()},
   * leaving no time for another attempt.
   *
   * @param wait the wait
   * @param deadlineNanos the deadline, in {@link System#nanoTime()} units
   * @return true when the wait ends at or after the deadline
   */
  public static boolean outlasts(Duration wait, long deadlineNanos) {
    return deadlineNanos - System.nanoTime() - wait.toNanos() <= 0;
  }
}
