package dev.baton.aws;

import dev.baton.aws.dynamo.DynaliteServer;
import dev.baton.spi.LeaseStore;
import dev.baton.testkit.LeaseStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lease contract, against Dynalite through the real DynamoDB client. */
class DynamoDbLeaseStoreContractTest extends LeaseStoreContract {
  @RegisterExtension static final DynaliteServer server = new DynaliteServer();
  private static DynamoDbLeaseStore store;

  @BeforeAll
  static void start() {
    store =
        DynaliteServer.build(
            DynamoDbLeaseStore.builder(), server.client(), server.newTable("leases"));
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @Override
  protected LeaseStore store() {
    return store;
  }
}
