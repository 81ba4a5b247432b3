package dev.baton.internal.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * A server's {@code Retry-After} (RFC 9110 §10.2.3): delay-seconds or an HTTP-date, measured on an
 * injected clock, and the longest such wait a client sits out; a server asking for longer gets a
 * failure the caller may retry later instead.
 *
 * @param max the longest wait honoured
 * @param clock the clock an HTTP-date is measured against
 */
public record RetryAfter(Duration max, Clock clock) {
  /**
   * Checks the bounds.
   *
   * @param max the longest wait honoured
   * @param clock the clock an HTTP-date is measured against
   */
  public RetryAfter {
    Objects.requireNonNull(max, "max");
    Objects.requireNonNull(clock, "clock");
    if (max.isNegative()) {
      throw new IllegalArgumentException(
          "the longest Retry-After must not be negative, got " + max);
    }
  }

  /**
   * @param value the header's value
   * @return the wait asked for, never negative; empty when the value is neither form
   */
  public Optional<Duration> parse(String value) {
    String v = value.trim();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
    } catch (NumberFormatException notSeconds) {
      if (!v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return Optional.of(Duration.ofSeconds(Long.MAX_VALUE)); // beyond a long: forever
      }
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), at.toInstant());
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  /**
   * @param wait a wait a server asked for
   * @return whether it is longer than {@link #max()}, so the caller should fail rather than wait
   */
  public boolean exceedsMax(Duration wait) {
    return wait.compareTo(max) > 0;
  }
}
