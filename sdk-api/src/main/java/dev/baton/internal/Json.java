package dev.baton.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Baton's one JSON reader and writer (RFC 8259), so that the API, the providers without a JSON
 * library (ECR), the testkit's fakes and the commands need none. Exported only to Baton's own
 * modules.
 *
 * <p>Reading is strict: objects become {@code Map<String, Object>} (in document order, read-only),
 * arrays {@code List<Object>}, numbers {@code Double}, plus {@code String}, {@code Boolean} and
 * {@link #NULL}. Writing takes maps, lists, strings, numbers, booleans and nulls ({@code null} or
 * {@link #NULL}); anything else is written as the string of its {@code toString()}. Output is
 * deterministic: map order is kept.
 */
public final class Json {
  /** Stands for a JSON {@code null}, since maps and lists here never hold {@code null}. */
  public static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  private static final int MAX_DEPTH = 64;

  private final String text;
  private int pos;

  private Json(String text) {
    this.text = text;
  }

  // ---- reading -------------------------------------------------------------------------------

  /**
   * @param text a JSON document
   * @return its value
   * @throws IllegalArgumentException naming the offset when the text is not valid JSON
   */
  public static Object parse(String text) {
    Json json = new Json(text);
    json.skipSpace();
    Object value = json.value(0);
    json.skipSpace();
    if (json.pos != text.length()) {
      throw json.error("unexpected text after the JSON value");
    }
    return value;
  }

  /**
   * @param text a JSON document
   * @return its top-level object
   * @throws IllegalArgumentException when the text is not a JSON object
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) {
    Object value = parse(text);
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException("expected a JSON object, got " + describe(value));
    }
    return (Map<String, Object>) value;
  }

  /**
   * @param value a parsed value
   * @return it as an object's fields, or an empty map when it is not an object
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /**
   * Reads a field leniently: a missing or mistyped field reads as the default given.
   *
   * @param value a parsed value
   * @param otherwise what a missing or null value reads as
   * @return a string as is, a number or boolean as its text, a container as {@code ""}
   */
  public static String text(Object value, String otherwise) {
    if (value == null || value == NULL) {
      return otherwise;
    }
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return "";
  }

  /**
   * Reads a field leniently: anything but an integral number (or its text) reads as the default.
   *
   * @param value a parsed value
   * @param otherwise what anything else reads as
   * @return the value as a long
   */
  public static long longValue(Object value, long otherwise) {
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

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
    if (pos >= text.length()) {
      throw error("unexpected end of input");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", NULL);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return number();
        }
        throw error("unexpected character '" + c + "'");
    }
  }

  private Map<String, Object> object(int depth) {
    Map<String, Object> map = new LinkedHashMap<>();
    elements(
        '}',
        () -> {
          if (peek() != '"') {
            throw error("expected a member name");
          }
          String key = string();
          skipSpace();
          expect(':');
          skipSpace();
          map.put(key, value(depth + 1));
        });
    return Collections.unmodifiableMap(map);
  }

  private List<Object> array(int depth) {
    List<Object> list = new ArrayList<>();
    elements(']', () -> list.add(value(depth + 1)));
    return Collections.unmodifiableList(list);
  }

  /**
   * Reads the comma-separated elements of an object or array, from its opening bracket at {@code
   * pos} to {@code close}; {@code element} reads one, starting at its first character.
   */
  private void elements(char close, Runnable element) {
    pos++;
    skipSpace();
    if (peek() == close) {
      pos++;
      return;
    }
    while (true) {
      skipSpace();
      element.run();
      skipSpace();
      char c = next();
      if (c == close) {
        return;
      }
      if (c != ',') {
        throw error("expected ',' or '" + close + "'");
      }
    }
  }

  private String string() {
    expect('"');
    StringBuilder out = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char e = next();
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
          }
          try {
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          pos += 4;
        }
        default -> throw error("bad escape '\\" + e + "'");
      }
    }
  }

  private Double number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else if (isDigit(peek())) {
      digits();
    } else {
      throw error("expected a digit");
    }
    if (peek() == '.') {
      pos++;
      if (!isDigit(peek())) {
        throw error("expected a digit after '.'");
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      if (!isDigit(peek())) {
        throw error("expected a digit in the exponent");
      }
      digits();
    }
    return Double.valueOf(text.substring(start, pos));
  }

  private void digits() {
    while (isDigit(peek())) {
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected literal");
    }
    pos += word.length();
    return value;
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private char next() {
    if (pos >= text.length()) {
      throw error("unexpected end of input");
    }
    return text.charAt(pos++);
  }

  private void expect(char c) {
    if (next() != c) {
      pos--;
      throw error("expected '" + c + "'");
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("invalid JSON at offset " + pos + ": " + what);
  }

  private static String describe(Object value) {
    if (value instanceof List) {
      return "an array";
    }
    return value instanceof String ? "a string" : String.valueOf(value);
  }

  // ---- writing -------------------------------------------------------------------------------

  /**
   * @param value a map, list, string, number, boolean or null
   * @return its JSON text, compact
   */
  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, "", 0);
    return b.toString();
  }

  /**
   * @param value a map, list, string, number, boolean or null
   * @return its JSON text indented by two spaces a level, {@code "key": value}, as atmos and
   *     Terraform print JSON; empty maps and lists as {@code {}} and {@code []}
   */
  public static String writeIndented(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value, "  ", 0);
    return b.toString();
  }

  /**
   * @param s any text
   * @return it as a quoted JSON string (RFC 8259 section 7)
   */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2);
    string(b, s);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v, String indent, int depth) {
    if (v == null || v == NULL) {
      b.append("null");
    } else if (v instanceof String s) {
      string(b, s);
    } else if (v instanceof Number || v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        newLine(b, indent, depth + 1);
        string(b, String.valueOf(e.getKey()));
        b.append(indent.isEmpty() ? ":" : ": ");
        write(b, e.getValue(), indent, depth + 1);
        if (it.hasNext()) {
          b.append(',');
        }
      }
      if (!m.isEmpty()) {
        newLine(b, indent, depth);
      }
      b.append('}');
    } else if (v instanceof List<?> l) {
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        newLine(b, indent, depth + 1);
        write(b, l.get(i), indent, depth + 1);
      }
      if (!l.isEmpty()) {
        newLine(b, indent, depth);
      }
      b.append(']');
    } else {
      string(b, v.toString());
    }
  }

  private static void newLine(StringBuilder b, String indent, int depth) {
    if (!indent.isEmpty()) {
      b.append('\n').append(indent.repeat(depth));
    }
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
