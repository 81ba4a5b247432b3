package dev.baton.aws.dynamo;

import dev.baton.aws.DynamoDbBuilder;
import dev.baton.aws.DynamoDbTables;
import dev.baton.aws.fake.AwsTestClients;
import dev.baton.testkit.servers.Dynalite;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One Dynalite and a real {@link DynamoDbClient} for it, for one test class: started in
 * {@code @BeforeAll}, closed in {@code @AfterAll}.
 */
public final class DynaliteServer implements AutoCloseable {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final Duration TEST_TIMEOUT = Duration.ofSeconds(60);

  private final Dynalite dynalite;
  private final DynamoDbClient client;

  /** Starts Dynalite and a client for it. */
  public DynaliteServer() {
    this.dynalite = Dynalite.start();
    this.client = AwsTestClients.dynamoDb(dynalite.endpoint());
  }

  /** {@return the server} */
  public Dynalite dynalite() {
    return dynalite;
  }

  /** {@return the client, for the server's whole life} */
  public DynamoDbClient client() {
    return client;
  }

  /**
   * @param prefix the start of the name
   * @return the name of a new table, created with {@link DynamoDbTables#create}
   */
  public String newTable(String prefix) {
    String name = prefix + "-" + TABLES.incrementAndGet();
    DynamoDbTables.create(client, name);
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

  @Override
  public void close() {
    client.close();
    dynalite.close();
  }
}
