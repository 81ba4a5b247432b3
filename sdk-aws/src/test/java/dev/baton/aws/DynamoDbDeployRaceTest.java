package dev.baton.aws;

import dev.baton.aws.dynamo.DynaliteServer;
import dev.baton.aws.dynamo.DynamoDbRaceFactory;
import dev.baton.testkit.CrossProcessContract;
import dev.baton.testkit.DeployRace;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deploys of one target from separate JVM processes, each with its own DynamoDB client on one
 * table, held to the cross-process contract: one at a time, newest current, no false success, a
 * killed holder's lease lapses, a paused holder is fenced out.
 */
class DynamoDbDeployRaceTest extends CrossProcessContract {
  @RegisterExtension static final DynaliteServer server = new DynaliteServer();

  @Override
  protected Class<? extends DeployRace.Factory> factory() {
    return DynamoDbRaceFactory.class;
  }

  @Override
  protected String newConfig() {
    return DynamoDbRaceFactory.config(server.dynalite().endpoint(), server.newTable("race"));
  }
}
