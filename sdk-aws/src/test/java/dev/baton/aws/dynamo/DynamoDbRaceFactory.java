package dev.baton.aws.dynamo;

import dev.baton.aws.DynamoDbBuilder;
import dev.baton.aws.DynamoDbDeploymentLedger;
import dev.baton.aws.DynamoDbLeaseStore;
import dev.baton.aws.fake.AwsTestClients;
import dev.baton.spi.DeploymentLedger;
import dev.baton.spi.LeaseStore;
import dev.baton.testkit.DeployRace;
import java.net.URI;

/**
 * Opens the DynamoDB lease store and ledger in a racer process: the configuration is {@code
 * "ENDPOINT TABLE"}, and each builds a client of its own, as separate machines would.
 */
public final class DynamoDbRaceFactory implements DeployRace.Factory {
  /** For {@link DeployRace}, which makes one in each racer. */
  public DynamoDbRaceFactory() {}

  /**
   * @param endpoint the DynamoDB-API endpoint
   * @param table the table
   * @return the configuration string for {@link DeployRace#start}
   */
  public static String config(URI endpoint, String table) {
    return endpoint + " " + table;
  }

  @Override
  public LeaseStore leases(String config) {
    return configure(DynamoDbLeaseStore.builder(), config);
  }

  @Override
  public DeploymentLedger ledger(String config) {
    return configure(DynamoDbDeploymentLedger.builder(), config);
  }

  private static <T> T configure(DynamoDbBuilder<T> builder, String config) {
    String[] parts = config.split(" ");
    return builder
        .endpointOverride(URI.create(parts[0]))
        .table(parts[1])
        .region("us-east-1")
        .credentials(AwsTestClients.credentials())
        // Long enough for eight JVMs on two cores: a timed-out attempt of a write that went
        // through would be retried and read as a refusal.
        .apiCallTimeout(java.time.Duration.ofSeconds(60))
        .apiCallAttemptTimeout(java.time.Duration.ofSeconds(60))
        .build();
  }
}
