package dev.baton;

import java.util.Objects;

/**
 * A digest was refused for an environment because of what an upstream environment has (or has not
 * yet) done with it: {@link UpstreamNotDeployedException} when the upstream never ran it
 * successfully, {@link SoakIncompleteException} when it has not run it for the environment's soak.
 * Nothing was changed.
 */
public abstract sealed class UpstreamGateException extends PolicyViolationException
    permits UpstreamNotDeployedException, SoakIncompleteException {
  private static final long serialVersionUID = 1L;

  /** The environment that was to be deployed. */
  private final EnvironmentName environment;

  /** The upstream environment the gate looked at. */
  private final EnvironmentName upstream;

  /** The digest that was refused. */
  private final Digest digest;

  UpstreamGateException(
      String message,
      String hint,
      EnvironmentName environment,
      EnvironmentName upstream,
      Digest digest) {
    super(message, hint);
    this.environment = Objects.requireNonNull(environment, "environment");
    this.upstream = Objects.requireNonNull(upstream, "upstream");
    this.digest = Objects.requireNonNull(digest, "digest");
  }

  /** {@return the environment that was to be deployed} */
  public EnvironmentName environment() {
    return environment;
  }

  /** {@return the upstream environment that has to run the digest first} */
  public EnvironmentName upstream() {
    return upstream;
  }

  /** {@return the digest that was refused} */
  public Digest digest() {
    return digest;
  }
}
