package dev.baton.internal;

/**
 * The check that values apply to the counts and identifiers they are given (a pull request number,
 * a fencing token), with the wording {@link Durations#positive} uses for durations.
 */
public final class Numbers {
  private Numbers() {}

  /**
   * Refuses zero and negative numbers.
   *
   * @param n the number
   * @param name what it is, quoted in the message, e.g. {@code pull request number}
   * @return {@code n}
   * @throws IllegalArgumentException "NAME must be positive, got N"
   */
  public static long positive(long n, String name) {
    if (n < 1) {
      throw new IllegalArgumentException(name + " must be positive, got " + n);
    }
    return n;
  }

  /**
   * Refuses negative numbers: for counts where zero is allowed (retries, resources destroyed).
   *
   * @param n the number
   * @param name what it is, quoted in the message, e.g. {@code maxRetries}
   * @return {@code n}
   * @throws IllegalArgumentException "NAME must not be negative, got N"
   */
  public static long nonNegative(long n, String name) {
    if (n < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + n);
    }
    return n;
  }
}
