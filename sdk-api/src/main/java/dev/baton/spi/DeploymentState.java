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
  INACTIVE
}
