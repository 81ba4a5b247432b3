package dev.baton.internal.retry;

import java.time.Duration;
import java.util.Objects;

/** {@code min(max, base * 2^(n-1))} in milliseconds, at least 1 ms: the un-jittered delay. */
final class ExponentialCeiling {
  private final long baseMillis;
  private final long maxMillis;

  ExponentialCeiling(Duration base, Duration max) {
    requireNonNegative(base, "base");
    requireNonNegative(max, "max");
    this.baseMillis = Math.max(1, base.toMillis());
    this.maxMillis = Math.max(baseMillis, max.toMillis());
  }

  long ceilingMillis(int failedAttempt) {
    if (failedAttempt < 1) {
      throw new IllegalArgumentException("failedAttempt counts from 1, got " + failedAttempt);
    }
    int shift = Math.min(failedAttempt - 1, Long.numberOfLeadingZeros(baseMillis) - 1);
    return Math.min(baseMillis << shift, maxMillis);
  }

  static void requireNonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + d);
    }
  }
}
