package dev.baton.spi;

import java.util.Objects;

/**
 * How a destroy ended.
 *
 * @param outcome whether anything was there to destroy
 * @param destroyed resources destroyed
 */
public record DestroyResult(Outcome outcome, int destroyed) {
  /** Whether anything was destroyed. */
  public enum Outcome {
    /** Resources were destroyed. */
    DESTROYED,
    /** Nothing was deployed there; destroying again is a success. */
    NOTHING_TO_DESTROY
  }

  /**
   * Validates the count.
   *
   * @param outcome whether anything was there to destroy
   * @param destroyed resources destroyed
   */
  public DestroyResult {
    Objects.requireNonNull(outcome, "outcome");
    if (destroyed < 0) {
      throw new IllegalArgumentException("destroyed count must not be negative");
    }
  }
}
