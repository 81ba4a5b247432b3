package dev.baton.aws.internal;

import dev.baton.AccessDeniedException;
import dev.baton.ConfigurationException;
import dev.baton.aws.DynamoDbTables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/**
 * The DynamoDB table that holds Baton's leases and ledger, as they use it: single-item reads
 * (strongly consistent), conditional writes and queries of one partition, each bounded by the
 * request timeouts, with the SDK's errors turned into Baton's. A refused condition is thrown as the
 * SDK's {@link ConditionalCheckFailedException} for the caller to judge; a missing table is a
 * {@link ConfigurationException} that names it.
 */
public final class CoordinationTable implements AutoCloseable {
  /** The partition key attribute. */
  public static final String PK = DynamoDbTables.PARTITION_KEY;

  /** The sort key attribute. */
  public static final String SK = DynamoDbTables.SORT_KEY;

  /** The hint of a refused DynamoDB call. */
  public static final String AUTH_HINT =
      "the role needs dynamodb:GetItem, PutItem, UpdateItem, DeleteItem and Query on the table"
          + " (and DescribeTable, CreateTable, DescribeTimeToLive and UpdateTimeToLive to create"
          + " it); check the role's policy and that the table is in this account and Region";

  private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

  private final DynamoDbClient client;
  private final boolean ownsClient;
  private final String name;
  private final AwsRequestOverrideConfiguration timeouts;
  private final Clock clock;

  /**
   * @param client the client
   * @param ownsClient whether {@link #close()} closes it
   * @param name the table's name
   * @param apiCallTimeout the bound on each call, retries included
   * @param apiCallAttemptTimeout the bound on each attempt
   * @param clock the writer's clock, which stamps expiries and records
   */
  public CoordinationTable(
      DynamoDbClient client,
      boolean ownsClient,
      String name,
      Duration apiCallTimeout,
      Duration apiCallAttemptTimeout,
      Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.ownsClient = ownsClient;
    this.name = checkName(name);
    this.timeouts =
        AwsRequestOverrideConfiguration.builder()
            .apiCallTimeout(apiCallTimeout)
            .apiCallAttemptTimeout(apiCallAttemptTimeout)
            .build();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** {@return the table's name} */
  public String name() {
    return name;
  }

  /**
   * {@return the writer's clock's time, to the millisecond: the resolution the items keep it at, so
   * that a record read back equals the one written}
   */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /**
   * @param pk the partition key
   * @param sk the sort key
   * @return the item's key
   */
  public static Map<String, AttributeValue> key(String pk, String sk) {
    return Map.of(PK, Attributes.s(pk), SK, Attributes.s(sk));
  }

  /**
   * A strongly consistent read of one item.
   *
   * @param what what the read is for, for messages
   * @param pk the partition key
   * @param sk the sort key
   * @return the item, if there is one
   */
  public Optional<Map<String, AttributeValue>> get(String what, String pk, String sk) {
    GetItemRequest request =
        GetItemRequest.builder()
            .tableName(name)
            .key(key(pk, sk))
            .consistentRead(true)
            .overrideConfiguration(timeouts)
            .build();
    Map<String, AttributeValue> item = call(what, () -> client.getItem(request).item());
    return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
  }

  /**
   * Updates (or creates) one item, if its condition holds.
   *
   * @param what what the write is for, for messages
   * @param pk the partition key
   * @param sk the sort key
   * @param x the update expression, and the condition if any
   * @param returned which attributes to return
   * @return the attributes returned; empty for {@link ReturnValue#NONE}
   * @throws ConditionalCheckFailedException when the condition does not hold; with the item as it
   *     was where the service returns it
   */
  public Map<String, AttributeValue> update(
      String what, String pk, String sk, Expression x, ReturnValue returned) {
    UpdateItemRequest request =
        UpdateItemRequest.builder()
            .tableName(name)
            .key(key(pk, sk))
            .updateExpression(x.update())
            .conditionExpression(x.condition())
            .expressionAttributeNames(x.names())
            .expressionAttributeValues(x.values())
            .returnValues(returned)
            .returnValuesOnConditionCheckFailure(
                x.condition() == null ? null : ReturnValuesOnConditionCheckFailure.ALL_OLD)
            .overrideConfiguration(timeouts)
            .build();
    Map<String, AttributeValue> attributes =
        call(what, () -> client.updateItem(request).attributes());
    return attributes == null ? Map.of() : attributes;
  }

  /**
   * Writes a whole item, if the condition holds.
   *
   * @param what what the write is for, for messages
   * @param item the item, its key included
   * @param condition the condition, or null for none
   * @throws ConditionalCheckFailedException when the condition does not hold
   */
  public void put(String what, Map<String, AttributeValue> item, Expression condition) {
    PutItemRequest.Builder request =
        PutItemRequest.builder().tableName(name).item(item).overrideConfiguration(timeouts);
    if (condition != null) {
      request
          .conditionExpression(condition.condition())
          .expressionAttributeNames(condition.names())
          .expressionAttributeValues(condition.values())
          .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
    }
    PutItemRequest built = request.build();
    call(what, () -> client.putItem(built));
  }

  /**
   * Writes a whole item unless its key already has one: the first writer wins.
   *
   * @param what what the write is for, for messages
   * @param item the item, its key included
   * @return empty when this item was written; else the item that stands
   */
  public Optional<Map<String, AttributeValue>> putIfAbsent(
      String what, Map<String, AttributeValue> item) {
    Expression x = new Expression();
    x.condition("attribute_not_exists(" + x.name(PK) + ")");
    try {
      put(what, item, x);
      return Optional.empty();
    } catch (ConditionalCheckFailedException earlier) {
      return Optional.of(
          standing(earlier, what, item.get(PK).s(), item.get(SK).s()).orElseThrow(() -> earlier));
    }
  }

  /**
   * The item as it stood when a condition refused a write: the one the refusal carries ({@code
   * ALL_OLD}), or else, from an endpoint that does not return it, the one read now.
   *
   * @param refused the refusal
   * @param what what the write was for, for messages
   * @param pk the partition key
   * @param sk the sort key
   * @return the item; empty when there is none
   */
  public Optional<Map<String, AttributeValue>> standing(
      ConditionalCheckFailedException refused, String what, String pk, String sk) {
    return refused.hasItem() && !refused.item().isEmpty()
        ? Optional.of(refused.item())
        : get(what, pk, sk);
  }

  /**
   * Deletes one item, if the condition holds.
   *
   * @param what what the delete is for, for messages
   * @param pk the partition key
   * @param sk the sort key
   * @param condition the condition, or null for none
   * @return the item as it was before the delete; empty when there was none
   * @throws ConditionalCheckFailedException when the condition does not hold
   */
  public Map<String, AttributeValue> delete(
      String what, String pk, String sk, Expression condition) {
    DeleteItemRequest.Builder request =
        DeleteItemRequest.builder()
            .tableName(name)
            .key(key(pk, sk))
            .returnValues(ReturnValue.ALL_OLD)
            .overrideConfiguration(timeouts);
    if (condition != null) {
      request
          .conditionExpression(condition.condition())
          .expressionAttributeNames(condition.names())
          .expressionAttributeValues(condition.values());
    }
    DeleteItemRequest built = request.build();
    Map<String, AttributeValue> old = call(what, () -> client.deleteItem(built).attributes());
    return old == null ? Map.of() : old;
  }

  /**
   * A strongly consistent query of one partition, every page.
   *
   * @param what what the query is for, for messages
   * @param pk the partition key
   * @param skPrefix the sort keys' prefix, or null for the whole partition
   * @param descending whether the items come by sort key descending
   * @return the items
   */
  public List<Map<String, AttributeValue>> query(
      String what, String pk, String skPrefix, boolean descending) {
    Expression x = new Expression();
    String partition = x.name(PK) + " = " + x.value(pk);
    x.keyCondition(
        skPrefix == null
            ? partition
            : partition + " AND begins_with(" + x.name(SK) + ", " + x.value(skPrefix) + ")");
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      QueryRequest request =
          QueryRequest.builder()
              .tableName(name)
              .keyConditionExpression(x.keyCondition())
              .expressionAttributeNames(x.names())
              .expressionAttributeValues(x.values())
              .scanIndexForward(!descending)
              .consistentRead(true)
              .exclusiveStartKey(start)
              .overrideConfiguration(timeouts)
              .build();
      QueryResponse page = call(what, () -> client.query(request));
      items.addAll(page.items());
      start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
      if (start != null && start.isEmpty()) {
        start = null;
      }
    } while (start != null);
    return items;
  }

  /**
   * @return the table's description, or empty when there is no such table
   */
  public Optional<TableDescription> describe() {
    DescribeTableRequest request =
        DescribeTableRequest.builder().tableName(name).overrideConfiguration(timeouts).build();
    return call(
        "DescribeTable",
        () -> Optional.of(client.describeTable(request).table()),
        ResourceNotFoundException.class::isInstance,
        Optional.empty());
  }

  /**
   * Creates the table with Baton's key schema ({@code pk} and {@code sk}, strings) and on-demand
   * billing.
   *
   * @return true when this call created it; false when it exists (another call made it meanwhile)
   */
  public boolean create() {
    CreateTableRequest request =
        CreateTableRequest.builder()
            .tableName(name)
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .attributeDefinitions(
                AttributeDefinition.builder()
                    .attributeName(PK)
                    .attributeType(ScalarAttributeType.S)
                    .build(),
                AttributeDefinition.builder()
                    .attributeName(SK)
                    .attributeType(ScalarAttributeType.S)
                    .build())
            .keySchema(
                KeySchemaElement.builder().attributeName(PK).keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName(SK).keyType(KeyType.RANGE).build())
            .overrideConfiguration(timeouts)
            .build();
    return call(
        "CreateTable",
        () -> {
          client.createTable(request);
          return true;
        },
        ResourceInUseException.class::isInstance,
        false);
  }

  /**
   * Turns on DynamoDB's time to live on {@code attribute} unless it is on already.
   *
   * @param attribute the attribute holding each item's expiry, in epoch seconds
   * @return the attribute the time to live is on, empty when it is off; empty too when the endpoint
   *     has no time to live at all (a local emulator such as Dynalite)
   */
  public Optional<String> enableTimeToLive(String attribute) {
    DescribeTimeToLiveRequest describe =
        DescribeTimeToLiveRequest.builder().tableName(name).overrideConfiguration(timeouts).build();
    TimeToLiveDescription now =
        call("DescribeTimeToLive", () -> client.describeTimeToLive(describe))
            .timeToLiveDescription();
    TimeToLiveStatus status = now == null ? null : now.timeToLiveStatus();
    if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) {
      return Optional.ofNullable(now.attributeName());
    }
    UpdateTimeToLiveRequest update =
        UpdateTimeToLiveRequest.builder()
            .tableName(name)
            .timeToLiveSpecification(s -> s.attributeName(attribute).enabled(true))
            .overrideConfiguration(timeouts)
            .build();
    return call(
        "UpdateTimeToLive",
        () -> {
          client.updateTimeToLive(update);
          return Optional.of(attribute);
        },
        e -> "UnknownOperationException".equals(AwsErrors.errorCode(e)),
        Optional.empty());
  }

  /**
   * Checks a table name against DynamoDB's rule: 3 to 255 of {@code a-z A-Z 0-9 _ - .}.
   *
   * @param table the name
   * @return the name
   * @throws IllegalArgumentException when it breaks the rule
   */
  public static String checkName(String table) {
    Objects.requireNonNull(table, "table");
    if (!TABLE_NAME.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "invalid DynamoDB table name \""
              + table
              + "\": expected 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'");
    }
    return table;
  }

  /**
   * @param table the table's name
   * @param cause the service's answer
   * @return the error of a table that does not exist
   */
  public static ConfigurationException missing(String table, Throwable cause) {
    return new ConfigurationException(
        "the DynamoDB table "
            + table
            + " does not exist in this account and Region (or is not active yet)",
        "run `baton coordination init` (or DynamoDbTables.create) to create it, or set the table"
            + " name and Region the table was created with",
        cause);
  }

  private <T> T call(String what, Supplier<T> op) {
    try {
      return op.get();
    } catch (ConditionalCheckFailedException e) {
      throw e;
    } catch (ResourceNotFoundException e) {
      throw missing(name, e);
    } catch (SdkException e) {
      String doing = what + " on DynamoDB table " + name;
      if (AwsErrors.isAccessDenied(e)) {
        throw new AccessDeniedException(
            doing + " was denied: " + AwsErrors.detail(e), AUTH_HINT, e);
      }
      throw AwsErrors.map(e, doing);
    }
  }

  /**
   * {@link #call(String, Supplier)}, where an error that says the table is already in the state
   * asked for, or has no such feature, is an answer rather than a failure.
   *
   * @param expected whether an error of the service is such an answer
   * @param answer the result then
   */
  private <T> T call(
      String what, Supplier<T> op, Predicate<AwsServiceException> expected, T answer) {
    return call(
        what,
        () -> {
          try {
            return op.get();
          } catch (AwsServiceException e) {
            if (expected.test(e)) {
              return answer;
            }
            throw e;
          }
        });
  }

  /** Closes the client if it was created for this table; a caller's client stays open. */
  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "DynamoDB table " + name;
  }
}
