package dev.baton;

import java.time.Duration;

/**
 * An environment with a {@linkplain Environment#soak() soak} only takes a digest once each of its
 * upstream environments has run it successfully for that long, and one has not yet. Nothing was
 * changed.
 */
public final class SoakIncompleteException extends UpstreamGateException {
  private static final long serialVersionUID = 1L;

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
        "deploy again in " + remaining,
        environment,
        upstream,
        digest);
    this.remaining = remaining;
  }

  /** {@return how long is left} */
  public Duration remaining() {
    return remaining;
  }
}
