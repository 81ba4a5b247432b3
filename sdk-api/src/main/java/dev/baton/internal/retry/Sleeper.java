package dev.baton.internal.retry;

import java.time.Duration;

/**
 * How code waits between attempts or polls. {@link #SYSTEM} sleeps; tests pass one that records the
 * waits (and may advance a fake clock) instead.
 */
@FunctionalInterface
public interface Sleeper {
  /** {@link Thread#sleep(long, int)}; a zero or negative wait returns at once. */
  Sleeper SYSTEM =
      duration -> {
        if (duration.isNegative() || duration.isZero()) {
          return;
        }
        long millis;
        try {
          millis = duration.toMillis();
        } catch (ArithmeticException tooLong) {
          millis = Long.MAX_VALUE;
        }
        Thread.sleep(millis, millis == Long.MAX_VALUE ? 0 : duration.toNanosPart() % 1_000_000);
      };

  /**
   * @param duration how long to wait
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;
}
