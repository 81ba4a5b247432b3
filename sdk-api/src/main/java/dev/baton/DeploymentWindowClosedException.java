package dev.baton;

import java.time.Instant;
import java.util.Optional;

/**
 * An environment takes no deploy or approval now: it is outside every one of its {@linkplain
 * Environment#windows() deployment windows}, or inside one of its {@linkplain Environment#freezes()
 * freezes}. Nothing was changed; a {@link BreakGlass} override lets the deploy through, recorded.
 */
public final class DeploymentWindowClosedException extends PolicyViolationException {
  private static final long serialVersionUID = 1L;

  /** The environment that was to be deployed. */
  private final EnvironmentName environment;

  /** What keeps it closed: the freeze, or the windows it is outside of. */
  private final String closedBy;

  /** When it next opens, or null when none was found. */
  private final Instant opensAt;

  /**
   * @param environment the environment that was to be deployed
   * @param closedBy what keeps it closed: the freeze, or the windows it is outside of
   * @param opensAt when it next opens, or {@code null} when none was found
   */
  public DeploymentWindowClosedException(
      EnvironmentName environment, String closedBy, Instant opensAt) {
    super(
        "refusing to deploy to "
            + environment
            + ": it is "
            + closedBy
            + "; "
            + (opensAt == null ? "no time when it opens was found" : "it next opens at " + opensAt),
        "deploy again once it opens, or override it with a recorded break-glass reason"
            + " (--break-glass REASON)");
    this.environment = environment;
    this.closedBy = closedBy;
    this.opensAt = opensAt;
  }

  /** {@return the environment that was to be deployed} */
  public EnvironmentName environment() {
    return environment;
  }

  /** {@return what keeps it closed: the freeze, or the windows it is outside of} */
  public String closedBy() {
    return closedBy;
  }

  /** {@return when it next opens; empty when none was found} */
  public Optional<Instant> opensAt() {
    return Optional.ofNullable(opensAt);
  }
}
