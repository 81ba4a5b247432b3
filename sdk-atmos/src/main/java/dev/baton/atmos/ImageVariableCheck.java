package dev.baton.atmos;

/**
 * What {@link AtmosStackDeployer} does before each deploy about atmos's {@code !env} trap: when the
 * stack's {@code env:} section sets the image variable, {@code !env} reads that value before the
 * process environment, so the pinned image would be silently ignored.
 */
public enum ImageVariableCheck {
  /** No check: no describe before the deploy. */
  OFF,
  /** Describe first and warn (log and progress) when the pinned image would be ignored. */
  WARN,
  /**
   * Describe first and refuse the deploy with a {@link dev.baton.ConfigurationException} when the
   * pinned image would be ignored, or when the component cannot be described to check it: what runs
   * is then guaranteed to be the digest the pipeline pinned.
   */
  FAIL
}
