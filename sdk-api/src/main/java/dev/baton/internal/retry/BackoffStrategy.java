package dev.baton.internal.retry;

import java.time.Duration;
import java.util.Objects;

/**
 * How long to wait before the next attempt, after the {@code n}-th one failed; in the manner of the
 * AWS SDK for Java v2's {@code BackoffStrategy}. Jitter spreads clients that failed together so
 * that they do not come back together ("Exponential Backoff And Jitter", AWS Architecture Blog):
 * "full jitter" waits a random time from zero to the exponential delay, "equal jitter" from half of
 * it to all of it. The random source is injected so tests know every delay.
 */
@FunctionalInterface
public interface BackoffStrategy {
  /**
   * @param failedAttempt the attempt that just failed, from 1
   * @return the wait before the next attempt, never negative
   */
  Duration delay(int failedAttempt);

  /**
   * @param delay the longest wait between two attempts (a poll interval)
   * @param random the jitter's source
   * @return a random wait from half of {@code delay} to all of it, whatever the attempt
   */
  static BackoffStrategy fixed(Duration delay, RandomSource random) {
    requireNonNegative(delay, "delay");
    Objects.requireNonNull(random, "random");
    long ceiling = delay.toMillis();
    return failedAttempt -> equalJitter(ceiling, random);
  }

  /**
   * @param base the delay before the second attempt, doubled for each next one
   * @param max the cap on the un-jittered delay
   * @param random the jitter's source
   * @return a random wait from zero to {@code min(max, base * 2^(n-1))}
   */
  static BackoffStrategy exponentialFullJitter(Duration base, Duration max, RandomSource random) {
    ExponentialCeiling e = new ExponentialCeiling(base, max);
    Objects.requireNonNull(random, "random");
    return failedAttempt -> Duration.ofMillis(random.upTo(e.ceilingMillis(failedAttempt)));
  }

  /**
   * @param base the delay before the second attempt, doubled for each next one
   * @param max the cap on the un-jittered delay
   * @param random the jitter's source
   * @return a random wait from half of {@code min(max, base * 2^(n-1))} to all of it
   */
  static BackoffStrategy exponentialEqualJitter(Duration base, Duration max, RandomSource random) {
    ExponentialCeiling e = new ExponentialCeiling(base, max);
    Objects.requireNonNull(random, "random");
    return failedAttempt -> equalJitter(e.ceilingMillis(failedAttempt), random);
  }

  private static Duration equalJitter(long ceilingMillis, RandomSource random) {
    long half = ceilingMillis / 2;
    return Duration.ofMillis(half + random.upTo(ceilingMillis - half));
  }

  private static void requireNonNegative(Duration d, String name) {
    ExponentialCeiling.requireNonNegative(d, name);
  }
}
