package dev.baton.testkit;

import dev.baton.InMemoryDeploymentLedger;
import dev.baton.spi.DeploymentLedger;

/** Runs the ledger contract against {@link InMemoryDeploymentLedger}. */
class InMemoryDeploymentLedgerContractTest extends DeploymentLedgerContract {
  @Override
  protected DeploymentLedger ledger() {
    return new InMemoryDeploymentLedger();
  }
}
