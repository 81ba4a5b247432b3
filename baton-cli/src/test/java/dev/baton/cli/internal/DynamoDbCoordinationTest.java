package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.aws.DynamoDbLeaseStore;
import dev.baton.spi.LeaseKey;
import dev.baton.testkit.servers.Dynalite;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands with {@code coordination.dynamodb}, end to end against Dynalite through the real
 * DynamoDB client: {@code coordination init} creates the table once, and deploys, refusals and
 * {@code status} go through the table's leases and ledger, which outlive each command. Registry and
 * atmos are the testkit's fakes.
 */
class DynamoDbCoordinationTest {
  static final DeploymentTarget DEV = DeploymentTarget.of(EnvironmentName.parse("dev"));

  static Dynalite dynalite;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    dynalite = Dynalite.start();
    // The SDK's default credentials chain reads these first; Dynalite takes any.
    System.setProperty("aws.accessKeyId", "AKIAIOSFODNN7EXAMPLE");
    System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
  }

  @AfterAll
  static void stop() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    if (dynalite != null) {
      dynalite.close();
    }
  }

  DirectFixture fixture(String table, String leaseWait) throws Exception {
    return new DirectFixture(
        dir,
        "coordination:\n  dynamodb: {table: "
            + table
            + ", region: us-east-1, endpoint: \""
            + dynalite.endpoint()
            + "\"}\n  lease-wait: "
            + leaseWait
            + "\n");
  }

  @Test
  void init_createsTheTableOnce_thenCommandsShareItsLedgerAndLeases() throws Exception {
    DirectFixture f = fixture("baton-e2e", "30s");
    String where = "DynamoDB table baton-e2e in us-east-1 at " + dynalite.endpoint();

    CliRunner.Outcome created = f.run("coordination", "init");
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out().strip()).isEqualTo("created the " + where);
    CliRunner.Outcome again = f.run("coordination", "init");
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.out().strip())
        .isEqualTo("the " + where + " is already there; nothing changed");

    f.roundThroughSharedStore(where);
  }

  @Test
  void aLeaseHeldInTheTable_isWaitedFor_andShownByStatus() throws Exception {
    DirectFixture f = fixture("baton-held", "1s");
    assertThat(f.run("coordination", "init").exit()).isZero();
    try (DynamoDbLeaseStore other =
        DynamoDbLeaseStore.builder()
            .table("baton-held")
            .region("us-east-1")
            .endpointOverride(dynalite.endpoint())
            .build()) {
      assertThat(
              other.tryAcquire(
                  LeaseKey.of(DEV), "other-machine/77/0badcafe", Duration.ofMinutes(5)))
          .isPresent();

      f.deployRefusedWhileLeaseHeldBy("other-machine/77/0badcafe");
    }
  }

  @Test
  void tableNotCreated_saysToRunInit() throws Exception {
    DirectFixture f = fixture("baton-missing", "30s");

    CliRunner.Outcome o = f.run("deploy", "dev", "--commit", f.c1.value());

    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err()).contains("baton-missing").contains("baton coordination init");
  }
}
