package dev.baton.jdbc;

import dev.baton.spi.DeploymentLedger;
import dev.baton.testkit.DeploymentLedgerContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresDeploymentLedgerContractTest extends DeploymentLedgerContract {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  /** Each test gets a schema of its own, so that its ledger starts empty. */
  @Override
  protected DeploymentLedger ledger() {
    return new PostgresDeploymentLedger(db.dataSource(), db.migratedSchema(), "contract-test");
  }
}
