package dev.baton.aws;

import dev.baton.ConfigurationException;
import dev.baton.OperationTimeoutException;
import dev.baton.aws.internal.CoordinationTable;
import dev.baton.internal.Durations;
import dev.baton.internal.retry.BackoffStrategy;
import dev.baton.internal.retry.Poll;
import dev.baton.internal.retry.Waits;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * The DynamoDB table that {@link DynamoDbLeaseStore} and {@link DynamoDbDeploymentLedger} share:
 * its schema, and {@link #create} to make it. One table serves both, and any number of flows: a
 * string partition key {@value #PARTITION_KEY}, a string sort key {@value #SORT_KEY}, on-demand
 * billing, and DynamoDB's time to live on {@value #TTL_ATTRIBUTE} (epoch seconds), which only
 * lapsed queue entries carry. The items are described in {@code docs/coordination.md}.
 *
 * <pre>{@code
 * try (DynamoDbClient client = DynamoDbClient.create()) {
 *   DynamoDbTables.create(client, DynamoDbTables.DEFAULT_TABLE);   // baton coordination init
 * }
 * }</pre>
 */
public final class DynamoDbTables {
  /** The table name used when none is given. */
  public static final String DEFAULT_TABLE = "baton";

  /** The partition key attribute, a string. */
  public static final String PARTITION_KEY = "pk";

  /** The sort key attribute, a string. */
  public static final String SORT_KEY = "sk";

  /** The attribute DynamoDB's time to live reads: when an item may be deleted, in epoch seconds. */
  public static final String TTL_ATTRIBUTE = "purgeAt";

  /** How long {@link #create} waits for a new table to become {@code ACTIVE}. */
  public static final Duration ACTIVE_TIMEOUT = Duration.ofMinutes(5);

  /** The bound on each of {@link #create}'s calls, retries included. */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbTables.class);

  private DynamoDbTables() {}

  /**
   * Creates the table unless it exists, waits until it is {@code ACTIVE}, checks its key schema and
   * turns its time to live on. Running it again, or from several processes at once, is harmless.
   * Needs {@code dynamodb:DescribeTable}, {@code CreateTable}, {@code DescribeTimeToLive} and
   * {@code UpdateTimeToLive}.
   *
   * @param client the client, configured for the table's account and Region; not closed here
   * @param table the table's name, e.g. {@value #DEFAULT_TABLE}
   * @return true when this call created the table, false when it existed
   * @throws ConfigurationException when a table of that name exists with another key schema
   * @throws OperationTimeoutException when the table is not {@code ACTIVE} within {@link
   *     #ACTIVE_TIMEOUT}
   * @throws dev.baton.ProviderException when DynamoDB refuses or fails a call
   */
  public static boolean create(DynamoDbClient client, String table) {
    return create(client, table, ACTIVE_TIMEOUT, Waits.SYSTEM);
  }

  static boolean create(DynamoDbClient client, String table, Duration activeTimeout, Waits waits) {
    Objects.requireNonNull(client, "client");
    Durations.positive(activeTimeout, "activeTimeout");
    try (CoordinationTable t =
        new CoordinationTable(
            client, false, table, CALL_TIMEOUT, CALL_TIMEOUT, Clock.systemUTC())) {
      boolean created = t.describe().isEmpty() && t.create();
      TableDescription active = awaitActive(t, activeTimeout, waits);
      checkSchema(active);
      Optional<String> ttl = t.enableTimeToLive(TTL_ATTRIBUTE);
      if (ttl.isEmpty()) {
        LOG.warn(
            "{}: this endpoint has no time to live; lapsed queue entries stay in the table"
                + " (they are ignored once expired)",
            t);
      } else if (!ttl.get().equals(TTL_ATTRIBUTE)) {
        LOG.warn(
            "{}: time to live is on attribute {}, not {}; lapsed queue entries stay in the table"
                + " (they are ignored once expired)",
            t,
            ttl.get(),
            TTL_ATTRIBUTE);
      }
      LOG.info("{} is {}", t, created ? "created" : "there already");
      return created;
    }
  }

  private static TableDescription awaitActive(CoordinationTable t, Duration timeout, Waits waits) {
    Poll poll =
        Poll.until(
            Clock.systemUTC(),
            timeout,
            BackoffStrategy.exponentialEqualJitter(
                Duration.ofMillis(200), Duration.ofSeconds(5), waits.random()),
            waits.sleeper(),
            "waiting for " + t + " to be ACTIVE");
    while (true) {
      TableDescription d =
          t.describe().orElseThrow(() -> CoordinationTable.missing(t.name(), null));
      if (d.tableStatus() == TableStatus.ACTIVE) {
        return d;
      }
      if (!poll.pause()) {
        throw new OperationTimeoutException(
            t + " is " + d.tableStatusAsString() + ", not ACTIVE",
            "see the table's status in the DynamoDB console, then run this again",
            timeout,
            null);
      }
    }
  }

  /** Refuses a table whose keys are not Baton's: the items would not fit it. */
  private static void checkSchema(TableDescription d) {
    List<String> keys =
        d.keySchema().stream()
            .map(k -> k.attributeName() + " " + k.keyTypeAsString() + " " + typeOf(d, k))
            .toList();
    List<String> wanted =
        List.of(PARTITION_KEY + " " + KeyType.HASH + " S", SORT_KEY + " " + KeyType.RANGE + " S");
    if (!keys.equals(wanted)) {
      throw new ConfigurationException(
          "the DynamoDB table "
              + d.tableName()
              + " has the keys "
              + String.join(", ", keys)
              + "; Baton's table needs "
              + String.join(", ", wanted),
          "give Baton a table of its own (another name), created by `baton coordination init`");
    }
  }

  private static String typeOf(TableDescription d, KeySchemaElement key) {
    return d.attributeDefinitions().stream()
        .filter(a -> a.attributeName().equals(key.attributeName()))
        .map(AttributeDefinition::attributeType)
        .map(ScalarAttributeType::toString)
        .collect(Collectors.joining());
  }
}
