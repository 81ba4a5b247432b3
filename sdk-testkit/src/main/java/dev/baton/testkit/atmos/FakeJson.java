package dev.baton.testkit.atmos;

import java.util.List;
import java.util.Map;

/**
 * Renders plain Java values (maps, lists, strings, numbers, booleans, null) as indented JSON the way
 * {@code atmos ... --format json} and {@code terraform output -json} print it, and as simple YAML for
 * atmos's default describe format. The fake has no JSON library on purpose: it must run on the JDK
 * alone.
 */
final class FakeJson {
  private FakeJson() {}

  /** Two-space indented JSON, as atmos prints it. */
  static String json(Object value) {
    StringBuilder out = new StringBuilder();
    json(value, 0, out);
    return out.toString();
  }

  private static void json(Object value, int depth, StringBuilder out) {
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append("{\n");
      int i = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        indent(depth + 1, out);
        quote(String.valueOf(e.getKey()), out);
        out.append(": ");
        json(e.getValue(), depth + 1, out);
        out.append(++i < map.size() ? ",\n" : "\n");
      }
      indent(depth, out);
      out.append('}');
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append("[\n");
      for (int i = 0; i < list.size(); i++) {
        indent(depth + 1, out);
        json(list.get(i), depth + 1, out);
        out.append(i + 1 < list.size() ? ",\n" : "\n");
      }
      indent(depth, out);
      out.append(']');
    } else if (value == null) {
      out.append("null");
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else {
      quote(value.toString(), out);
    }
  }

  /** Block-style YAML, enough for the describe output's shape (maps, lists, scalars). */
  static String yaml(Map<?, ?> map) {
    StringBuilder out = new StringBuilder();
    yamlMap(map, 0, out);
    return out.toString();
  }

  private static void yamlMap(Map<?, ?> map, int depth, StringBuilder out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      indent(depth, out);
      out.append(e.getKey()).append(':');
      yamlValue(e.getValue(), depth, out);
    }
  }

  private static void yamlValue(Object value, int depth, StringBuilder out) {
    if (value instanceof Map<?, ?> m && !m.isEmpty()) {
      out.append('\n');
      yamlMap(m, depth + 1, out);
    } else if (value instanceof List<?> l && !l.isEmpty()) {
      out.append('\n');
      for (Object item : l) {
        indent(depth + 1, out);
        out.append("-");
        if (item instanceof Map<?, ?> || item instanceof List<?>) {
          yamlValue(item, depth + 1, out);
        } else {
          out.append(' ').append(scalar(item)).append('\n');
        }
      }
    } else {
      out.append(' ').append(value instanceof Map<?, ?> ? "{}" : value instanceof List<?> ? "[]"
          : scalar(value)).append('\n');
    }
  }

  private static String scalar(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    StringBuilder q = new StringBuilder();
    quote(value.toString(), q);
    return q.toString();
  }

  private static void indent(int depth, StringBuilder out) {
    out.append("  ".repeat(depth));
  }

  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
