package dev.baton.testkit;

import dev.baton.internal.Numbers;
import java.util.Arrays;

/**
 * The wall times of repeated runs of one operation, as a bench reports them: median, mean and
 * percentiles in milliseconds. The runs are timed one after the other on the calling thread; warm
 * the operation up first, with calls of its own.
 *
 * <pre>{@code
 * Timings t = Timings.of(1000, i -> store.tryAcquire(key, "bench", ttl));
 * System.out.printf("p50 %.3f ms  p99 %.3f ms%n", t.medianMillis(), t.percentileMillis(0.99));
 * }</pre>
 */
public final class Timings {
  /**
   * One timed run.
   *
   * @param <E> what it may throw
   */
  @FunctionalInterface
  public interface Run<E extends Exception> {
    /**
     * @param index the run's number, from 0
     * @throws E when the operation fails; the timing stops there
     */
    void run(int index) throws E;
  }

  private final long[] sortedNanos;

  private Timings(long[] sortedNanos) {
    this.sortedNanos = sortedNanos;
  }

  /**
   * Times {@code runs} calls of {@code run}.
   *
   * @param runs how many, at least 1
   * @param run the operation, given the run's number
   * @param <E> what the operation may throw
   * @return the times
   * @throws E the operation's first failure
   * @throws IllegalArgumentException when {@code runs} is not positive
   */
  public static <E extends Exception> Timings of(int runs, Run<E> run) throws E {
    Numbers.positive(runs, "runs");
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      run.run(i);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    return new Timings(nanos);
  }

  /** {@return how many runs were timed} */
  public int runs() {
    return sortedNanos.length;
  }

  /** {@return the median run, in milliseconds} */
  public double medianMillis() {
    return percentileMillis(0.5);
  }

  /**
   * @param fraction from 0 (the fastest run) to 1 (the slowest), e.g. 0.99
   * @return the run at that rank of the sorted times, in milliseconds
   * @throws IllegalArgumentException when {@code fraction} is outside 0 to 1
   */
  public double percentileMillis(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be from 0 to 1, got " + fraction);
    }
    // Nearest rank: the smallest run at or above the fraction of all runs.
    int rank = Math.max(0, (int) Math.ceil(sortedNanos.length * fraction) - 1);
    return sortedNanos[rank] / 1e6;
  }

  /** {@return the mean run, in milliseconds} */
  public double meanMillis() {
    return Arrays.stream(sortedNanos).average().orElseThrow() / 1e6;
  }
}
