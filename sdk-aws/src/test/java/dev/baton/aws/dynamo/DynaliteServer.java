package dev.baton.aws.dynamo;

import dev.baton.aws.DynamoDbTables;
import dev.baton.aws.fake.AwsTestClients;
import dev.baton.testkit.servers.Dynalite;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One Dynalite and a real {@link DynamoDbClient} for it, for one test class: started in
 * {@code @BeforeAll}, closed in {@code @AfterAll}.
 */
public final class DynaliteServer implements AutoCloseable {
  private static final AtomicInteger TABLES = new AtomicInteger();

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

  @Override
  public void close() {
    client.close();
    dynalite.close();
  }
}
