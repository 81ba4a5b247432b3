package dev.baton.testkit.atmos;

import dev.baton.internal.Json;
import java.util.List;
import java.util.Map;

/**
 * Renders plain Java values (maps, lists, strings, numbers, booleans, null) as simple YAML, the way
 * atmos prints describe output by default; strings are double-quoted as JSON quotes them ({@link
 * Json#quote}). JSON output is {@link Json#writeIndented}. The fake runs on the JDK and Baton's API
 * alone.
 */
final class FakeYaml {
  private FakeYaml() {}

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
      out.append(' ')
          .append(
              value instanceof Map<?, ?> ? "{}" : value instanceof List<?> ? "[]" : scalar(value))
          .append('\n');
    }
  }

  private static String scalar(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    return Json.quote(value.toString());
  }

  private static void indent(int depth, StringBuilder out) {
    out.append("  ".repeat(depth));
  }
}
