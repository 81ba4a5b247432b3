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
 * @param countsKnown whether the counts were reported by the deployer; {@code false} for an apply
 *     that succeeded without saying what it changed (the counts are then zero and mean nothing)
 */
public record DeployResult(
    Outcome outcome,
    int added,
    int changed,
    int destroyed,
    StackOutputs outputs,
    boolean countsKnown) {
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
   * @param countsKnown whether the counts were reported by the deployer
   */
  public DeployResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(outputs, "outputs");
    if (added < 0 || changed < 0 || destroyed < 0) {
      throw new IllegalArgumentException("resource counts must not be negative");
    }
    if (!countsKnown && (outcome != Outcome.APPLIED || added + changed + destroyed != 0)) {
      throw new IllegalArgumentException(
          "only an applied result can have unknown counts, and its counts must be zero");
    }
  }

  /**
   * A result whose counts are known.
   *
   * @param outcome applied or no changes
   * @param added resources added
   * @param changed resources changed
   * @param destroyed resources destroyed
   * @param outputs the stack's outputs after the deploy (the URL among them)
   */
  public DeployResult(
      Outcome outcome, int added, int changed, int destroyed, StackOutputs outputs) {
    this(outcome, added, changed, destroyed, outputs, true);
  }

  /**
   * An apply that succeeded without reporting what it added, changed or destroyed (e.g. Terraform
   * exited 0 but printed no "Apply complete!" summary).
   *
   * @param outputs the stack's outputs after the deploy (the URL among them)
   * @return an {@link Outcome#APPLIED} result with unknown counts
   */
  public static DeployResult appliedWithUnknownCounts(StackOutputs outputs) {
    return new DeployResult(Outcome.APPLIED, 0, 0, 0, outputs, false);
  }

  /** {@return {@link Hints#NO_CHANGES} for a no-change result, else empty} */
  public String hint() {
    return outcome == Outcome.NO_CHANGES ? Hints.NO_CHANGES : "";
  }

  @Override
  public String toString() {
    if (outcome == Outcome.NO_CHANGES) {
      return "no changes";
    }
    return countsKnown
        ? "applied: " + added + " added, " + changed + " changed, " + destroyed + " destroyed"
        : "applied: resource counts unknown";
  }
}
