package dev.baton.aws.internal;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reading and writing the attribute values of Baton's DynamoDB items. */
public final class Attributes {
  private Attributes() {}

  /**
   * @param text a string
   * @return it as a string attribute
   */
  public static AttributeValue s(String text) {
    return AttributeValue.fromS(text);
  }

  /**
   * @param number a number
   * @return it as a number attribute
   */
  public static AttributeValue n(long number) {
    return AttributeValue.fromN(Long.toString(number));
  }

  /**
   * @param item an item
   * @param name an attribute's name
   * @return the attribute's string, if the item has it
   */
  public static Optional<String> string(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.s() == null ? Optional.empty() : Optional.of(v.s());
  }

  /**
   * @param item an item
   * @param name an attribute's name
   * @return the attribute's string
   * @throws IllegalStateException when the item lacks it (the table holds an item Baton did not
   *     write)
   */
  public static String requireString(Map<String, AttributeValue> item, String name) {
    return string(item, name).orElseThrow(() -> missing(item, name));
  }

  /**
   * @param item an item
   * @param name an attribute's name
   * @return the attribute's number, if the item has it
   */
  public static Optional<Long> number(Map<String, AttributeValue> item, String name) {
    AttributeValue v = item.get(name);
    return v == null || v.n() == null ? Optional.empty() : Optional.of(Long.parseLong(v.n()));
  }

  /**
   * @param item an item
   * @param name an attribute's name
   * @return the attribute's number
   * @throws IllegalStateException when the item lacks it
   */
  public static long requireNumber(Map<String, AttributeValue> item, String name) {
    return number(item, name).orElseThrow(() -> missing(item, name));
  }

  private static IllegalStateException missing(Map<String, AttributeValue> item, String name) {
    return new IllegalStateException(
        "the item "
            + string(item, CoordinationTable.PK).orElse("?")
            + " / "
            + string(item, CoordinationTable.SK).orElse("?")
            + " has no attribute "
            + name
            + ": it was not written by Baton");
  }
}
