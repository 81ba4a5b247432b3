package dev.baton;

/**
 * An environment must only receive a digest that an upstream environment already ran successfully
 * (invariant 4), and the upstream has no such record.
 */
public final class UpstreamNotDeployedException extends UpstreamGateException {
  private static final long serialVersionUID = 1L;

  /**
   * @param environment the environment that was to be deployed
   * @param upstream the environment that must have run the digest first
   * @param digest the digest in question
   */
  public UpstreamNotDeployedException(
      EnvironmentName environment, EnvironmentName upstream, Digest digest) {
    super(
        "refusing to deploy "
            + digest
            + " to "
            + environment
            + ": "
            + upstream
            + " has not successfully run that digest",
        "deploy this commit to "
            + upstream
            + " first (for a release: release a commit that was"
            + " deployed to "
            + upstream
            + ")",
        environment,
        upstream,
        digest);
  }
}
