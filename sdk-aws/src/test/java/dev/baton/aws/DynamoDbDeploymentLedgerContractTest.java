package dev.baton.aws;

import dev.baton.aws.dynamo.DynaliteServer;
import dev.baton.spi.DeploymentLedger;
import dev.baton.testkit.DeploymentLedgerContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The ledger contract, against Dynalite through the real DynamoDB client; a table per test. */
class DynamoDbDeploymentLedgerContractTest extends DeploymentLedgerContract {
  private static DynaliteServer server;

  @BeforeAll
  static void start() {
    server = new DynaliteServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Override
  protected DeploymentLedger ledger() {
    return DynaliteServer.build(
        DynamoDbDeploymentLedger.builder(), server.client(), server.newTable("ledger"));
  }
}
