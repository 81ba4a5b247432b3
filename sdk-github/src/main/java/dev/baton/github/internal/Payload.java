package dev.baton.github.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.CommitSha;
import dev.baton.github.MalformedPayloadException;
import dev.baton.internal.TooLargeException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads fields of a webhook payload by their dotted path, so that a missing or mistyped field is a
 * {@link MalformedPayloadException} naming that path rather than a NullPointerException.
 */
public final class Payload {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);

  private final String event;
  private final JsonNode root;

  private Payload(String event, JsonNode root) {
    this.event = event;
    this.root = root;
  }

  /**
   * The largest payload read: 25 MiB. GitHub delivers no webhook payload larger than 25 MB, so a
   * larger file is not an event, and reading it whole would only put memory at risk.
   */
  public static final long MAX_BYTES = 25L << 20;

  /**
   * Reads a payload file of at most {@link #MAX_BYTES}.
   *
   * @param event the event name, for messages
   * @param path the file
   * @return its bytes
   * @throws MalformedPayloadException when it is larger, or cannot be read
   */
  public static byte[] read(String event, Path path) {
    try {
      return TooLargeException.readFile(path, MAX_BYTES);
    } catch (TooLargeException e) {
      throw tooLarge(event, e);
    } catch (IOException e) {
      throw new MalformedPayloadException(
          event, "", "cannot be read from " + path + ": " + e.getMessage(), e);
    }
  }

  private static MalformedPayloadException tooLarge(String event, Throwable cause) {
    return new MalformedPayloadException(
        event,
        "",
        "is larger than "
            + TooLargeException.describe(MAX_BYTES)
            + ", the limit (GitHub delivers no larger webhook payload)",
        cause);
  }

  /**
   * @param event the event name, for messages
   * @param bytes the payload's JSON
   * @return the payload
   * @throws MalformedPayloadException when it is not a JSON object, or larger than {@link
   *     #MAX_BYTES}
   */
  public static Payload parse(String event, byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw tooLarge(event, null);
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new MalformedPayloadException(
          event, "", "is not valid JSON (truncated?): " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MalformedPayloadException(event, "", "cannot be read: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedPayloadException(event, "", "is not a JSON object", null);
    }
    return new Payload(event, root);
  }

  /** {@return the event name} */
  public String event() {
    return event;
  }

  /**
   * @param path a dotted path
   * @return whether the field is present and not null
   */
  public boolean has(String path) {
    JsonNode n = node(path);
    return !n.isMissingNode() && !n.isNull();
  }

  /**
   * @param path a dotted path, e.g. {@code pull_request.head.sha}
   * @return the string value
   * @throws MalformedPayloadException when missing, null or not a string
   */
  public String text(String path) {
    JsonNode n = required(path);
    if (!n.isTextual()) {
      throw wrongType(path, "a string", n);
    }
    return n.asText();
  }

  /**
   * @param path a dotted path
   * @return the string value; empty when missing or null
   * @throws MalformedPayloadException when present but not a string
   */
  public Optional<String> optionalText(String path) {
    JsonNode n = node(path);
    if (n.isMissingNode() || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw wrongType(path, "a string", n);
    }
    return Optional.of(n.asText());
  }

  /**
   * Reads a count or an identifier such as a pull request number exactly: the JSON number must be a
   * whole number from 1 to {@link Integer#MAX_VALUE}, with no rounding or wrap-around (a number of
   * 2<sup>64</sup>+42 is refused, not read as 42).
   *
   * @param path a dotted path
   * @return the value
   * @throws MalformedPayloadException when missing, not an integer, or out of that range
   */
  public int positiveInt(String path) {
    JsonNode n = required(path);
    if (!n.isIntegralNumber()) {
      throw wrongType(path, "a positive integer", n);
    }
    BigInteger value = n.bigIntegerValue();
    if (value.signum() <= 0 || value.compareTo(INT_MAX) > 0) {
      throw error(path, "is " + value + ", not a positive integer of at most " + Integer.MAX_VALUE);
    }
    return value.intValueExact();
  }

  /**
   * @param path a dotted path
   * @param absent the value when the field is missing or null
   * @return the boolean value
   * @throws MalformedPayloadException when present but not a boolean
   */
  public boolean bool(String path, boolean absent) {
    JsonNode n = node(path);
    if (n.isMissingNode() || n.isNull()) {
      return absent;
    }
    if (!n.isBoolean()) {
      throw wrongType(path, "a boolean", n);
    }
    return n.asBoolean();
  }

  /**
   * @param path a dotted path
   * @return the commit id
   * @throws MalformedPayloadException when missing or not 40 hex characters
   */
  public CommitSha sha(String path) {
    String text = text(path);
    return CommitSha.tryParse(text)
        .orElseThrow(
            () ->
                new MalformedPayloadException(
                    event, path, "is \"" + text + "\", not a 40-character commit SHA", null));
  }

  /**
   * @param path a dotted path to an array of objects
   * @param field the string field to take from each element
   * @return the values, in order
   * @throws MalformedPayloadException when the array or a field is missing or mistyped
   */
  public List<String> texts(String path, String field) {
    JsonNode n = required(path);
    if (!n.isArray()) {
      throw wrongType(path, "an array", n);
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      JsonNode v = n.get(i).path(field);
      if (!v.isTextual()) {
        throw wrongType(path + "[" + i + "]." + field, "a string", v);
      }
      out.add(v.asText());
    }
    return out;
  }

  /**
   * @param path a dotted path that must be present
   * @param problem what is wrong
   * @return an exception naming the field
   */
  public MalformedPayloadException error(String path, String problem) {
    return new MalformedPayloadException(event, path, problem, null);
  }

  private JsonNode required(String path) {
    JsonNode n = node(path);
    if (n.isMissingNode()) {
      throw new MalformedPayloadException(event, path, "is missing", null);
    }
    if (n.isNull()) {
      throw new MalformedPayloadException(event, path, "is null", null);
    }
    return n;
  }

  private JsonNode node(String path) {
    JsonNode n = root;
    for (String part : path.split("\\.")) {
      n = n.path(part);
    }
    return n;
  }

  private MalformedPayloadException wrongType(String path, String expected, JsonNode actual) {
    String type =
        actual.isMissingNode()
            ? "missing"
            : actual.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    return new MalformedPayloadException(
        event, path, "should be " + expected + " but is " + type, null);
  }
}
