package dev.baton.spi;

import java.util.Objects;

/**
 * What a verifier found. An unhealthy deployment is a result, so that the pipeline decides; a
 * deadline that passes is a {@link dev.baton.OperationTimeoutException}.
 *
 * @param outcome healthy, unhealthy, or not checked
 * @param detail what was checked and seen
 */
public record VerificationResult(Outcome outcome, String detail) {
  /** The verdict. */
  public enum Outcome {
    /** The deployment answered as expected. */
    HEALTHY,
    /** The deployment is running something else, or failed. */
    UNHEALTHY,
    /** There was nothing to check (no URL output, say). */
    SKIPPED
  }

  /**
   * Checks that nothing is null.
   *
   * @param outcome healthy, unhealthy, or not checked
   * @param detail what was checked and seen
   */
  public VerificationResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
  }

  /** {@return whether the deploy may be recorded as successful} */
  public boolean passed() {
    return outcome != Outcome.UNHEALTHY;
  }
}
