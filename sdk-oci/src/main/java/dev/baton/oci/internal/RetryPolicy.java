package dev.baton.oci.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long to retry a request that failed in a way that may pass: a connection
 * failure, {@code 429 Too Many Requests} or a {@code 5xx} other than 501/505. A 4xx that will
 * not change (404, 400, 401 after authenticating, 403) is never retried.
 *
 * <p>The delay before attempt {@code n+1} is exponential with "equal jitter": a random value
 * between half and all of {@code min(maxDelay, baseDelay * 2^(n-1))}, so that many clients
 * throttled together do not come back together. A {@code Retry-After} header (seconds or an
 * HTTP date, RFC 9110 §10.2.3) replaces the computed delay; when it asks for longer than
 * {@code maxRetryAfter}, the request is not retried and the caller gets a retryable error.
 *
 * @param maxAttempts attempts in total, at least 1 (1 = never retry)
 * @param baseDelay the delay before the second attempt, before jitter
 * @param maxDelay the cap on a computed delay
 * @param maxRetryAfter the longest {@code Retry-After} that is waited for
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay,
    Duration maxRetryAfter) {
  /** The default: 4 attempts, 200 ms doubling up to 5 s, {@code Retry-After} up to 30 s. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(30));

  /** Validates the bounds. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    for (Duration d : new Duration[] {baseDelay, maxDelay, maxRetryAfter}) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("retry delays must not be negative, got " + d);
      }
    }
  }

  /** Whether an HTTP status may pass when simply sent again. */
  public static boolean isRetryableStatus(int status) {
    return status == 429 || (status >= 500 && status != 501 && status != 505);
  }

  /**
   * @param failedAttempt the attempt that just failed, from 1
   * @return the jittered exponential delay before the next attempt
   */
  public Duration backoff(int failedAttempt) {
    long base = Math.max(1, baseDelay.toMillis());
    long exp = base << Math.min(20, failedAttempt - 1);
    long capped = Math.min(exp, Math.max(base, maxDelay.toMillis()));
    long half = capped / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
  }

  /**
   * Reads a {@code Retry-After} value: delta-seconds or an IMF-fixdate.
   *
   * @param value the header value
   * @param clock the clock an HTTP date is measured against
   * @return the delay, never negative; empty when the value is neither form
   */
  public static Optional<Duration> parseRetryAfter(String value, Clock clock) {
    String v = value.trim();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), at.toInstant());
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }
}
