package dev.baton.oci.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON into plain maps, lists, strings, numbers and booleans with jackson-core's streaming
 * parser. Manifests and token answers are small and read-only here, and Jackson's
 * {@code ObjectMapper} costs about 150 ms of class loading in a fresh JVM, which a process that
 * promotes a handful of images pays in full; the streaming parser costs about a quarter of that.
 *
 * <p>Readers are lenient as Jackson's {@code JsonNode} accessors were: a missing or mistyped field
 * reads as the default given.
 */
final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /**
   * @param bytes UTF-8 JSON
   * @return the first value: a {@code Map<String, Object>} (in document order), {@code List},
   *     {@code String}, {@code Number}, {@code Boolean}, or {@code null} for JSON null or no input
   * @throws IOException when the bytes are not JSON
   */
  static Object parse(byte[] bytes) throws IOException {
    try (JsonParser p = FACTORY.createParser(bytes)) {
      JsonToken t = p.nextToken();
      return t == null ? null : value(p, t);
    }
  }

  private static Object value(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          String name = p.currentName();
          map.put(name, value(p, p.nextToken()));
        }
        return map;
      }
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          list.add(value(p, e));
        }
        return list;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return p.getNumberValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected JSON token " + t);
    }
  }

  /**
   * @param value a parsed value
   * @return it as an object's fields, or an empty map when it is not an object
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /**
   * @param value a parsed value
   * @return an array's elements, an object's values, or nothing for anything else
   */
  static Collection<?> elements(Object value) {
    if (value instanceof List<?> l) {
      return l;
    }
    return value instanceof Map<?, ?> m ? m.values() : List.of();
  }

  /**
   * @param value a parsed value
   * @param otherwise what a missing or null value reads as
   * @return a string as is, a number or boolean as its text, a container as {@code ""}
   */
  static String text(Object value, String otherwise) {
    if (value == null) {
      return otherwise;
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return "";
  }

  /**
   * @param value a parsed value
   * @param otherwise what anything but an integral number (or its text) reads as
   * @return the value as a long
   */
  static long longValue(Object value, long otherwise) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return otherwise;
      }
    }
    return otherwise;
  }
}
