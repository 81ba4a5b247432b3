package dev.baton;

/**
 * The configured {@link dev.baton.spi.DeploymentLedger} has no honest place to keep what was asked
 * of it (GitHub Deployments cannot hold a quarantine). Nothing was written; the hint names a ledger
 * that can.
 */
public final class UnsupportedLedgerFeatureException extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  /**
   * @param ledger the ledger, as its {@code toString()} names it
   * @param feature what it cannot keep, e.g. "quarantines"
   * @param alternative what to use instead
   */
  public UnsupportedLedgerFeatureException(String ledger, String feature, String alternative) {
    super(ledger + " cannot keep " + feature, alternative);
  }
}
