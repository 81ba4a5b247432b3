package dev.baton.jdbc;

import dev.baton.spi.DeploymentLedger;
import dev.baton.testkit.DeploymentLedgerContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresDeploymentLedgerContractTest extends DeploymentLedgerContract {
  private static TestDatabase db;

  @BeforeAll
  static void start() {
    db = TestDatabase.start();
  }

  @AfterAll
  static void stop() {
    if (db != null) {
      db.close();
    }
  }

  /** Each test gets a schema of its own, so that its ledger starts empty. */
  @Override
  protected DeploymentLedger ledger() {
    return new PostgresDeploymentLedger(db.dataSource(), db.migratedSchema(), "contract-test");
  }
}
