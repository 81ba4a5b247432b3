package dev.baton.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * A scripted DynamoDB endpoint (AWS JSON 1.0, {@code X-Amz-Target: DynamoDB_20120810.*}) for what
 * Dynalite cannot show: the table-creation calls as DynamoDB receives them (time to live included),
 * errors, and an endpoint that does not answer. It holds one table's description, no items: {@code
 * GetItem} finds nothing.
 */
public final class FakeDynamoDb extends FakeAwsServer {
  private ObjectNode table;
  private boolean ttlEnabled;
  private volatile Duration stall = Duration.ZERO;

  /** An endpoint with no table. */
  public FakeDynamoDb() {
    super("DynamoDB_20120810");
  }

  /**
   * Every call waits this long before its answer.
   *
   * @param delay the wait
   */
  public void stall(Duration delay) {
    this.stall = delay;
  }

  @Override
  protected JsonNode answer(String operation, JsonNode request) {
    pause();
    switch (operation) {
      case "DescribeTable":
        if (table == null) {
          throw clientError("ResourceNotFoundException", "Requested resource not found");
        }
        return object().set("Table", table);
      case "CreateTable":
        table = ((ObjectNode) request.deepCopy()).put("TableStatus", "ACTIVE");
        return object().set("TableDescription", table);
      case "DescribeTimeToLive":
        ObjectNode ttl = object().put("TimeToLiveStatus", ttlEnabled ? "ENABLED" : "DISABLED");
        if (ttlEnabled) {
          ttl.put("AttributeName", "purgeAt");
        }
        return object().set("TimeToLiveDescription", ttl);
      case "UpdateTimeToLive":
        ttlEnabled = true;
        return object().set("TimeToLiveSpecification", request.get("TimeToLiveSpecification"));
      case "GetItem":
        return object();
      default:
        throw clientError("UnknownOperationException", operation);
    }
  }

  /**
   * @param keys pairs of attribute name and key type ({@code HASH}, {@code RANGE}), all strings
   */
  public synchronized void existingTable(String... keys) {
    ObjectNode t = object().put("TableName", "baton").put("TableStatus", "ACTIVE");
    ArrayNode schema = t.putArray("KeySchema");
    ArrayNode definitions = t.putArray("AttributeDefinitions");
    for (int i = 0; i < keys.length; i += 2) {
      schema.addObject().put("AttributeName", keys[i]).put("KeyType", keys[i + 1]);
      definitions.addObject().put("AttributeName", keys[i]).put("AttributeType", "S");
    }
    table = t;
  }

  private void pause() {
    try {
      Thread.sleep(stall.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
