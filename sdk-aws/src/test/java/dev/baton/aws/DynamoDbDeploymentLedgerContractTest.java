package dev.baton.aws;

import dev.baton.aws.dynamo.DynaliteServer;
import dev.baton.spi.DeploymentLedger;
import dev.baton.testkit.DeploymentLedgerContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ledger contract, against Dynalite through the real DynamoDB client; a table per test. */
class DynamoDbDeploymentLedgerContractTest extends DeploymentLedgerContract {
  @RegisterExtension static final DynaliteServer server = new DynaliteServer();

  @Override
  protected DeploymentLedger ledger() {
    return DynaliteServer.build(
        DynamoDbDeploymentLedger.builder(), server.client(), server.newTable("ledger"));
  }
}
