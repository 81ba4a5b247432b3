package dev.baton.aws.dynamo;

import dev.baton.aws.DynamoDbBuilder;
import dev.baton.aws.DynamoDbTables;
import dev.baton.aws.fake.AwsTestClients;
import dev.baton.testkit.servers.Dynalite;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One Dynalite and a real {@link DynamoDbClient} for it, for one test class: registered with
 * {@code @RegisterExtension static final DynaliteServer server = new DynaliteServer();}, it starts
 * before the class's {@code @BeforeAll} methods and closes after its {@code @AfterAll} ones.
 */
public final class DynaliteServer implements BeforeAllCallback, AfterAllCallback {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final Duration TEST_TIMEOUT = Duration.ofSeconds(60);

  private Dynalite dynalite;
  private DynamoDbClient client;

  @Override
  public void beforeAll(ExtensionContext context) {
    dynalite = Dynalite.start();
    client = AwsTestClients.dynamoDb(dynalite.endpoint());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (client != null) {
      client.close();
    }
    if (dynalite != null) {
      dynalite.close();
    }
  }

  /** {@return the server} */
  public Dynalite dynalite() {
    return started(dynalite);
  }

  /** {@return the client, for the server's whole life} */
  public DynamoDbClient client() {
    return started(client);
  }

  private static <T> T started(T part) {
    if (part == null) {
      throw new IllegalStateException(
          "Dynalite is started by @RegisterExtension, before @BeforeAll");
    }
    return part;
  }

  /**
   * @param prefix the start of the name
   * @return the name of a new table, created with {@link DynamoDbTables#create}
   */
  public String newTable(String prefix) {
    String name = prefix + "-" + TABLES.incrementAndGet();
    DynamoDbTables.create(client(), name);
    return name;
  }

  /**
   * The builder's settings for tests on Dynalite: the client and table, and timeouts long enough
   * for a loaded two-core machine (a retried attempt of a write that went through would read as a
   * refusal).
   *
   * @param builder a store's or ledger's builder
   * @param dynamoDb the client
   * @param table the table
   * @param <T> what it builds
   * @return what it builds
   */
  public static <T> T build(DynamoDbBuilder<T> builder, DynamoDbClient dynamoDb, String table) {
    return builder
        .client(dynamoDb)
        .table(table)
        .apiCallTimeout(TEST_TIMEOUT)
        .apiCallAttemptTimeout(TEST_TIMEOUT)
        .build();
  }
}
