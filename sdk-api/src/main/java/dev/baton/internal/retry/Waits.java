package dev.baton.internal.retry;

import java.util.Objects;

/**
 * How a component waits: the sleeper and the jitter's random source, set together on a builder so
 * that tests replace both with one call.
 *
 * @param sleeper how to wait
 * @param random where jitter comes from
 */
public record Waits(Sleeper sleeper, RandomSource random) {
  /** Real sleeping, random jitter. */
  public static final Waits SYSTEM = new Waits(Sleeper.SYSTEM, RandomSource.SYSTEM);

  /**
   * Checks nothing is null.
   *
   * @param sleeper how to wait
   * @param random where jitter comes from
   */
  public Waits {
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(random, "random");
  }
}
