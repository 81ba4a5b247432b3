package dev.baton;

/** An environment that requires approval was not approved (rejected, or no approval gate). */
public final class ApprovalMissingException extends PolicyViolationException {
  private static final long serialVersionUID = 1L;

  /** The environment that needs approval. */
  private final EnvironmentName environment;

  /**
   * @param environment the environment that needs approval
   * @param detail who rejected it, or why no approval could be had
   */
  public ApprovalMissingException(EnvironmentName environment, String detail) {
    super(
        "deploy to " + environment + " was not approved: " + detail,
        "ask a required reviewer of the " + environment + " environment to approve the deployment");
    this.environment = environment;
  }

  /** {@return the environment that needs approval} */
  public EnvironmentName environment() {
    return environment;
  }
}
