package dev.baton.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ConfigurationException;
import dev.baton.aws.dynamo.DynaliteServer;
import dev.baton.aws.fake.AwsTestClients;
import dev.baton.aws.fake.FakeAwsServer.Call;
import dev.baton.aws.fake.FakeDynamoDb;
import dev.baton.spi.LeaseKey;
import dev.baton.testkit.Latches;
import dev.baton.testkit.servers.Dynalite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** Creating the coordination table: its schema, idempotence, and a table that is not there. */
class DynamoDbTablesTest {
  @RegisterExtension static final DynaliteServer server = new DynaliteServer();

  @Test
  void create_whenMissing_makesBatonsSchema_andAgainIsHarmless() {
    DynamoDbClient client = server.client();

    assertThat(DynamoDbTables.create(client, "coordination")).isTrue();
    assertThat(DynamoDbTables.create(client, "coordination")).isFalse();

    TableDescription t = client.describeTable(r -> r.tableName("coordination")).table();
    assertThat(t.tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(t.keySchema())
        .extracting(k -> k.attributeName() + " " + k.keyType())
        .containsExactly("pk " + KeyType.HASH, "sk " + KeyType.RANGE);
    assertThat(t.attributeDefinitions())
        .allSatisfy(a -> assertThat(a.attributeType()).isEqualTo(ScalarAttributeType.S));
    assertThat(t.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
  }

  @Test
  void create_whenRacing_createsOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Boolean>> racers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        racers.add(
            pool.submit(
                () -> {
                  Latches.await(go, Duration.ofSeconds(10), "the start signal never came");
                  return DynamoDbTables.create(server.client(), "raced");
                }));
      }
      go.countDown();
      List<Boolean> created = new ArrayList<>();
      for (Future<Boolean> f : racers) {
        created.add(f.get(60, TimeUnit.SECONDS));
      }

      assertThat(created).containsOnlyOnce(true);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void create_whenTableIsStillCreating_waitsUntilActive() {
    try (Dynalite slow = Dynalite.start(Duration.ofMillis(700));
        DynamoDbClient client = AwsTestClients.dynamoDb(slow.endpoint())) {

      assertThat(DynamoDbTables.create(client, "slow")).isTrue();

      assertThat(client.describeTable(r -> r.tableName("slow")).table().tableStatus())
          .isEqualTo(TableStatus.ACTIVE);
    }
  }

  @Test
  void create_whenTableIsNotActiveInTime_timesOutNamingTheStatus() {
    try (Dynalite slow = Dynalite.start(Duration.ofSeconds(3));
        DynamoDbClient client = AwsTestClients.dynamoDb(slow.endpoint())) {
      long started = System.nanoTime();

      assertThatThrownBy(
              () ->
                  DynamoDbTables.create(
                      client,
                      "late",
                      Duration.ofMillis(600),
                      dev.baton.internal.retry.Waits.SYSTEM))
          .isInstanceOf(dev.baton.OperationTimeoutException.class)
          .hasMessageContaining("is CREATING, not ACTIVE");
      // The last wait is cut to the deadline: no whole backoff interval past it.
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2500));
    }
  }

  @Test
  void create_whenTableHasOtherKeys_isConfigurationException() {
    server
        .client()
        .createTable(
            r ->
                r.tableName("someone-elses")
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                        AttributeDefinition.builder()
                            .attributeName("id")
                            .attributeType(ScalarAttributeType.S)
                            .build())
                    .keySchema(
                        KeySchemaElement.builder()
                            .attributeName("id")
                            .keyType(KeyType.HASH)
                            .build()));

    assertThatThrownBy(() -> DynamoDbTables.create(server.client(), "someone-elses"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("someone-elses")
        .hasMessageContaining("id HASH S")
        .hasMessageContaining("pk HASH S, sk RANGE S");
  }

  @Test
  void create_asDynamoDbReceivesIt_turnsTimeToLiveOnForQueueEntries() {
    try (FakeDynamoDb dynamo = new FakeDynamoDb();
        DynamoDbClient client = AwsTestClients.dynamoDb(dynamo.endpoint())) {

      assertThat(DynamoDbTables.create(client, "baton")).isTrue();
      assertThat(DynamoDbTables.create(client, "baton")).isFalse();

      Call create = dynamo.calls("CreateTable").get(0);
      assertThat(create.body().get("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
      List<Call> ttl = dynamo.calls("UpdateTimeToLive");
      assertThat(ttl).hasSize(1);
      assertThat(ttl.get(0).body().get("TimeToLiveSpecification").get("AttributeName").asText())
          .isEqualTo(DynamoDbTables.TTL_ATTRIBUTE);
      assertThat(ttl.get(0).body().get("TimeToLiveSpecification").get("Enabled").asBoolean())
          .isTrue();
    }
  }

  @Test
  void use_whenTableIsMissing_saysToRunCoordinationInit() {
    try (DynamoDbLeaseStore store =
        DynaliteServer.build(DynamoDbLeaseStore.builder(), server.client(), "not-created")) {

      assertThatThrownBy(() -> store.holder(new LeaseKey("target/dev")))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("not-created")
          .satisfies(
              e ->
                  assertThat(((ConfigurationException) e).hint())
                      .contains("baton coordination init"));
    }
  }
}
