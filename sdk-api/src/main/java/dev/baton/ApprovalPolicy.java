package dev.baton;

/**
 * How many people must approve a deploy to an environment, and whether the commit's author (and,
 * for an environment a release reaches, the release's publisher) may be one of them.
 *
 * <pre>{@code
 * Environment.builder("prod").approvals(ApprovalPolicy.of(2).excludingAuthors()).build();
 * }</pre>
 *
 * @param required how many distinct approvers; 0 for none, at most {@value #MAX_REQUIRED}
 * @param notAuthor whether the commit's author and the release's publisher are refused as
 *     approvers; then an unknown author refuses the deploy rather than letting it pass
 */
public record ApprovalPolicy(int required, boolean notAuthor) {
  /** The most approvers a policy can ask for. */
  public static final int MAX_REQUIRED = 20;

  /**
   * Checks the count.
   *
   * @param required how many distinct approvers
   * @param notAuthor whether the author and publisher are refused as approvers
   */
  public ApprovalPolicy {
    if (required < 0 || required > MAX_REQUIRED) {
      throw new IllegalArgumentException(
          "approvals required must be 0 to " + MAX_REQUIRED + ", got " + required);
    }
    if (notAuthor && required == 0) {
      throw new IllegalArgumentException(
          "not-author needs at least one approval required; set required to 1 or more");
    }
  }

  /** {@return no approval needed} */
  public static ApprovalPolicy none() {
    return new ApprovalPolicy(0, false);
  }

  /**
   * @param required how many distinct approvers, 1 or more
   * @return the policy, anyone may approve
   */
  public static ApprovalPolicy of(int required) {
    if (required < 1) {
      throw new IllegalArgumentException("approvals required must be 1 or more, got " + required);
    }
    return new ApprovalPolicy(required, false);
  }

  /** {@return this policy, with the commit's author and the release's publisher refused} */
  public ApprovalPolicy excludingAuthors() {
    return new ApprovalPolicy(required, true);
  }

  /** {@return whether any approval is needed} */
  public boolean isRequired() {
    return required > 0;
  }
}
