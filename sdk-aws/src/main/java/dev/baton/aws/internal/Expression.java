package dev.baton.aws.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.StringJoiner;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The expressions of one DynamoDB request (update, condition, key condition) with their attribute
 * names and values. Every attribute is named through a placeholder ({@code #owner}), so no reserved
 * word can clash, and only the names and values an expression uses are sent, as DynamoDB requires.
 * Not thread-safe: one per request.
 */
public final class Expression {
  private final Map<String, String> names = new HashMap<>();
  private final Map<String, AttributeValue> values = new HashMap<>();
  private String update;
  private String condition;
  private String keyCondition;

  /**
   * @param attribute an attribute's name
   * @return its placeholder in this request, {@code #attribute}
   */
  public String name(String attribute) {
    String placeholder = "#" + attribute;
    names.put(placeholder, attribute);
    return placeholder;
  }

  /**
   * @param value a value
   * @return its placeholder in this request, {@code :vN}
   */
  public String value(AttributeValue value) {
    String placeholder = ":v" + values.size();
    values.put(placeholder, value);
    return placeholder;
  }

  /**
   * @param text a string value
   * @return its placeholder in this request
   */
  public String value(String text) {
    return value(Attributes.s(text));
  }

  /**
   * @param number a number value
   * @return its placeholder in this request
   */
  public String value(long number) {
    return value(Attributes.n(number));
  }

  /**
   * @param attributes attributes and their values
   * @return the assignments that set them, for a {@code SET} clause: {@code #a = :v0, #b = :v1}
   */
  public String assignments(Map<String, AttributeValue> attributes) {
    StringJoiner out = new StringJoiner(", ");
    attributes.forEach((attribute, v) -> out.add(name(attribute) + " = " + value(v)));
    return out.toString();
  }

  /**
   * @param expression the update expression ({@code SET ...})
   * @return this
   */
  public Expression update(String expression) {
    this.update = expression;
    return this;
  }

  /**
   * @param expression the condition the write needs
   * @return this
   */
  public Expression condition(String expression) {
    this.condition = expression;
    return this;
  }

  /**
   * @param expression a query's key condition
   * @return this
   */
  public Expression keyCondition(String expression) {
    this.keyCondition = expression;
    return this;
  }

  /** {@return the update expression, or null} */
  public String update() {
    return update;
  }

  /** {@return the condition expression, or null} */
  public String condition() {
    return condition;
  }

  /** {@return the key condition expression, or null} */
  public String keyCondition() {
    return keyCondition;
  }

  /** {@return the attribute names used, or null when none (DynamoDB refuses an empty map)} */
  public Map<String, String> names() {
    return names.isEmpty() ? null : Map.copyOf(names);
  }

  /** {@return the values used, or null when none (DynamoDB refuses an empty map)} */
  public Map<String, AttributeValue> values() {
    return values.isEmpty() ? null : Map.copyOf(values);
  }
}
