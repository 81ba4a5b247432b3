package dev.baton.internal.retry;

import dev.baton.OperationCancelledException;
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

  /**
   * Waits as {@link #sleep(Duration)} does, and turns an interruption into the SDK's cancellation,
   * the one way every retry and poll reports it.
   *
   * @param duration how long to wait
   * @param operation what the wait is part of, for the message ("waiting to retry GitHub GET ...")
   * @throws OperationCancelledException when the thread is interrupted while waiting, with its
   *     interrupt flag restored
   */
  default void sleepOrCancel(Duration duration, String operation) {
    try {
      sleep(duration);
    } catch (InterruptedException e) {
      throw OperationCancelledException.interrupted(operation, e);
    }
  }
}
