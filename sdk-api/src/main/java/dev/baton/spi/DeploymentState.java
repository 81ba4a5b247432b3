package dev.baton.spi;

/** The state of one recorded deployment, as GitHub Deployments names them. */
public enum DeploymentState {
  /** Started, not finished. */
  IN_PROGRESS,
  /** Finished and healthy. */
  SUCCESS,
  /** Failed. */
  FAILURE,
  /** Superseded or destroyed; no longer running. */
  INACTIVE;

  /**
   * The check every {@link DeploymentLedger#finish} makes of the state it is given.
   *
   * @throws IllegalArgumentException unless this is {@link #SUCCESS} or {@link #FAILURE}, the
   *     states a deployment finishes in
   */
  public void requireFinal() {
    if (this != SUCCESS && this != FAILURE) {
      throw new IllegalArgumentException(
          "a deployment finishes as SUCCESS or FAILURE, not " + this);
    }
  }
}
