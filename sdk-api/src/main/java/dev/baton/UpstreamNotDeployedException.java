package dev.baton;

/**
 * An environment must only receive a digest that an upstream environment already ran successfully
 * (invariant 4), and the upstream has no such record.
 */
public final class UpstreamNotDeployedException extends PolicyViolationException {
  private static final long serialVersionUID = 1L;

  /** The environment that was to be deployed. */
  private final EnvironmentName environment;

  /** The environment that must run the digest first. */
  private final EnvironmentName upstream;

  /** The digest that upstream has not run. */
  private final Digest digest;

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
            + ")");
    this.environment = environment;
    this.upstream = upstream;
    this.digest = digest;
  }

  /** {@return the environment that was to be deployed} */
  public EnvironmentName environment() {
    return environment;
  }

  /** {@return the environment that must run the digest first} */
  public EnvironmentName upstream() {
    return upstream;
  }

  /** {@return the digest that upstream has not run} */
  public Digest digest() {
    return digest;
  }
}
