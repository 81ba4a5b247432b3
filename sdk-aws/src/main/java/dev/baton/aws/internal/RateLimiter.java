package dev.baton.aws.internal;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces calls at least {@code 1/rate} apart, shared by every thread that holds it. Each caller
 * reserves the next free slot and sleeps until then, so in any window of {@code T} seconds at most
 * {@code 1 + rate * T} calls start: never a burst above the quota, unlike a token bucket that
 * starts full.
 *
 * <p>ECR's PutImage quota (10 per second per account and Region, "Amazon ECR service quotas") is
 * what this guards; the SDK's retry on {@code ThrottlingException} stays as the second line.
 */
public final class RateLimiter {
  /**
   * How the limiter waits, in the nanoseconds of its ticker; the default is the shared {@link
   * dev.baton.internal.retry.Sleeper#SYSTEM}.
   */
  @FunctionalInterface
  public interface Sleeper {
    /**
     * @param nanos how long to wait, positive
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    void sleep(long nanos) throws InterruptedException;
  }

  private final long intervalNanos;
  private final LongSupplier ticker;
  private final Sleeper sleeper;
  private long nextFree;
  private boolean started;

  /**
   * @param permitsPerSecond the most calls per second, positive
   * @param ticker a monotonic nanosecond clock ({@code System::nanoTime})
   * @param sleeper how to wait
   */
  public RateLimiter(double permitsPerSecond, LongSupplier ticker, Sleeper sleeper) {
    if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
      throw new IllegalArgumentException(
          "rate must be a positive number of calls per second, got " + permitsPerSecond);
    }
    this.intervalNanos = Math.max(1L, Math.round(1_000_000_000d / permitsPerSecond));
    this.ticker = ticker;
    this.sleeper = sleeper;
  }

  /**
   * @param permitsPerSecond the most calls per second, positive
   * @return a limiter on the system's monotonic clock
   */
  public static RateLimiter perSecond(double permitsPerSecond) {
    return new RateLimiter(
        permitsPerSecond,
        System::nanoTime,
        nanos -> dev.baton.internal.retry.Sleeper.SYSTEM.sleep(Duration.ofNanos(nanos)));
  }

  /** {@return the spacing between two calls} */
  public Duration interval() {
    return Duration.ofNanos(intervalNanos);
  }

  /**
   * Waits for this caller's slot.
   *
   * @return how long the caller waited, in nanoseconds
   * @throws InterruptedException when interrupted while waiting; the slot is then given up late,
   *     which only makes the limiter more conservative
   */
  public long acquire() throws InterruptedException {
    long wait;
    synchronized (this) {
      long now = ticker.getAsLong();
      if (!started || now - nextFree >= 0) {
        started = true;
        nextFree = now + intervalNanos;
        return 0;
      }
      wait = nextFree - now;
      nextFree += intervalNanos;
    }
    sleeper.sleep(wait);
    return wait;
  }
}
