package dev.baton;

import java.time.Duration;

/**
 * An environment with a {@linkplain Environment#soak() soak} only takes a digest once each of its
 * upstream environments has run it successfully for that long, and one has not yet. Nothing was
 * changed.
 */
public final class SoakIncompleteException extends PolicyViolationException {
  private static final long serialVersionUID = 1L;

  /** The environment that was to be deployed. */
  private final EnvironmentName environment;

  /** The upstream environment still soaking the digest. */
  private final EnvironmentName upstream;

  /** The digest. */
  private final Digest digest;

  /** How long is left. */
  private final Duration remaining;

  /**
   * @param environment the environment that was to be deployed
   * @param upstream the upstream environment still soaking the digest
   * @param digest the digest
   * @param soak the environment's soak
   * @param remaining how long is left
   */
  public SoakIncompleteException(
      EnvironmentName environment,
      EnvironmentName upstream,
      Digest digest,
      Duration soak,
      Duration remaining) {
    super(
        "refusing to deploy "
            + digest
            + " to "
            + environment
            + ": it has to run in "
            + upstream
            + " for "
            + soak
            + " first, and "
            + remaining
            + " remains",
        "deploy again in " + remaining);
    this.environment = environment;
    this.upstream = upstream;
    this.digest = digest;
    this.remaining = remaining;
  }

  /** {@return the environment that was to be deployed} */
  public EnvironmentName environment() {
    return environment;
  }

  /** {@return the upstream environment still soaking the digest} */
  public EnvironmentName upstream() {
    return upstream;
  }

  /** {@return the digest} */
  public Digest digest() {
    return digest;
  }

  /** {@return how long is left} */
  public Duration remaining() {
    return remaining;
  }
}
