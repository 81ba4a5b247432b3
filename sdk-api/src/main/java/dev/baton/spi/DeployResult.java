package dev.baton.spi;

import dev.baton.Hints;
import java.util.Objects;

/**
 * How a deploy ended. A failed deploy is a {@link dev.baton.DeploymentFailedException}, not a
 * result.
 *
 * @param outcome applied or no changes
 * @param added resources added
 * @param changed resources changed
 * @param destroyed resources destroyed
 * @param outputs the stack's outputs after the deploy (the URL among them)
 */
public record DeployResult(
    Outcome outcome, int added, int changed, int destroyed, StackOutputs outputs) {
  /** Whether anything changed. */
  public enum Outcome {
    /** Resources were added, changed or destroyed. */
    APPLIED,
    /** The stack already matched: Terraform's "No changes". */
    NO_CHANGES
  }

  /**
   * Validates the counts.
   *
   * @param outcome applied or no changes
   * @param added resources added
   * @param changed resources changed
   * @param destroyed resources destroyed
   * @param outputs the stack's outputs after the deploy (the URL among them)
   */
  public DeployResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(outputs, "outputs");
    if (added < 0 || changed < 0 || destroyed < 0) {
      throw new IllegalArgumentException("resource counts must not be negative");
    }
  }

  /** {@return {@link Hints#NO_CHANGES} for a no-change result, else empty} */
  public String hint() {
    return outcome == Outcome.NO_CHANGES ? Hints.NO_CHANGES : "";
  }

  @Override
  public String toString() {
    return outcome == Outcome.NO_CHANGES
        ? "no changes"
        : "applied: " + added + " added, " + changed + " changed, " + destroyed + " destroyed";
  }
}
