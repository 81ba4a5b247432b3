package dev.baton.internal.retry;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Where jitter comes from. {@link #SYSTEM} is random; tests pass {@link #HIGHEST} or {@link
 * #LOWEST} so that every delay is known in advance.
 */
@FunctionalInterface
public interface RandomSource {
  /** Uniform, from {@link ThreadLocalRandom}. */
  RandomSource SYSTEM = max -> ThreadLocalRandom.current().nextLong(max + 1);

  /** Always the upper bound: a jittered delay is then its un-jittered ceiling. */
  RandomSource HIGHEST = max -> max;

  /** Always zero: a jittered delay is then its floor. */
  RandomSource LOWEST = max -> 0;

  /**
   * @param max the upper bound, inclusive, not negative
   * @return a value from 0 to {@code max}, both included
   */
  long upTo(long max);
}
