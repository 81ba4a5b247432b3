package dev.baton.spi;

import java.util.Objects;

/**
 * A reviewer's answer.
 *
 * @param approved whether the deploy may go ahead
 * @param reviewer who decided
 * @param comment what they said; may be empty
 */
public record ApprovalDecision(boolean approved, String reviewer, String comment) {
  /**
   * Checks that nothing is null.
   *
   * @param approved whether the deploy may go ahead
   * @param reviewer who decided
   * @param comment what they said; may be empty
   */
  public ApprovalDecision {
    Objects.requireNonNull(reviewer, "reviewer");
    Objects.requireNonNull(comment, "comment");
  }

  /**
   * @param reviewer who approved
   * @return an approval
   */
  public static ApprovalDecision approvedBy(String reviewer) {
    return new ApprovalDecision(true, reviewer, "");
  }

  /**
   * @param reviewer who rejected
   * @param comment why
   * @return a rejection
   */
  public static ApprovalDecision rejectedBy(String reviewer, String comment) {
    return new ApprovalDecision(false, reviewer, comment);
  }
}
