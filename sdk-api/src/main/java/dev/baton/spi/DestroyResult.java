package dev.baton.spi;

import dev.baton.internal.Numbers;
import java.util.Objects;

/**
 * How a destroy ended.
 *
 * @param outcome whether anything was there to destroy
 * @param destroyed resources destroyed; zero when the count is not known
 * @param countKnown whether the deployer reported the count; {@code false} for a destroy that
 *     succeeded without saying how many resources it removed (Terraform's "Destroy complete!" line
 *     missing)
 */
public record DestroyResult(Outcome outcome, int destroyed, boolean countKnown) {
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
   * @param destroyed resources destroyed; zero when the count is not known
   * @param countKnown whether the deployer reported the count
   */
  public DestroyResult {
    Objects.requireNonNull(outcome, "outcome");
    Numbers.nonNegative(destroyed, "destroyed count");
    if (!countKnown && (outcome != Outcome.DESTROYED || destroyed != 0)) {
      throw new IllegalArgumentException(
          "an unknown count belongs to a destroy that destroyed something, with count 0");
    }
  }

  /**
   * A result whose count the deployer reported.
   *
   * @param outcome whether anything was there to destroy
   * @param destroyed resources destroyed
   */
  public DestroyResult(Outcome outcome, int destroyed) {
    this(outcome, destroyed, true);
  }

  /** {@return a destroy that succeeded without reporting how many resources it removed} */
  public static DestroyResult destroyedWithUnknownCount() {
    return new DestroyResult(Outcome.DESTROYED, 0, false);
  }

  /**
   * {@return what happened, for logs and reports: {@code destroyed 3 resources}, {@code destroyed
   * (resource count unknown)} or {@code nothing to destroy}}
   */
  public String describe() {
    if (outcome == Outcome.NOTHING_TO_DESTROY) {
      return "nothing to destroy";
    }
    return countKnown
        ? "destroyed " + destroyed + " resources"
        : "destroyed (resource count unknown)";
  }
}
