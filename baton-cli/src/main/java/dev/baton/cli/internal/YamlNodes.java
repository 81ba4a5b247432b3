package dev.baton.cli.internal;

import dev.baton.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the values of one baton.yaml's nodes, each with its key's full name, and makes the errors
 * that name the file, line and key. {@link ConfigLoader} and its sections share one.
 */
final class YamlNodes {
  private final String source;

  YamlNodes(String source) {
    this.source = source;
  }

  /** {@return the file's name as errors give it} */
  String source() {
    return source;
  }

  Map<String, Node> keys(Node node, String where, List<String> known) {
    if (!(node instanceof MappingNode m)) {
      throw error(
          node,
          where.replace("in ", "").replace("\"", ""),
          "must be a mapping of keys" + " to values",
          "known keys " + where + ": " + known);
    }
    Map<String, Node> out = new java.util.LinkedHashMap<>();
    for (var t : m.getValue()) {
      String k = text(t.getKeyNode(), "key");
      if (!known.contains(k)) {
        throw error(
            t.getKeyNode(),
            k,
            "unknown key \"" + k + "\" " + where,
            "known keys " + where + ": " + String.join(", ", known));
      }
      if (out.put(k, t.getValueNode()) != null) {
        throw error(
            t.getKeyNode(), k, "key \"" + k + "\" is given twice " + where, "keep one of them");
      }
    }
    return out;
  }

  Optional<Node> optional(Map<String, Node> m, String key) {
    return Optional.ofNullable(m.get(key));
  }

  String text(Node n, String key) {
    if (!(n instanceof ScalarNode s) || s.getValue().isBlank()) {
      throw error(
          n,
          key,
          "must be a non-empty text value",
          "give it a value, e.g. " + key.substring(key.lastIndexOf('.') + 1) + ": something");
    }
    return s.getValue().trim();
  }

  List<String> texts(Node n, String key) {
    if (n instanceof ScalarNode) {
      return List.of(text(n, key));
    }
    if (!(n instanceof SequenceNode seq)) {
      throw error(n, key, "must be a list, e.g. [a, b]", "write it as [a, b]");
    }
    List<String> out = new ArrayList<>();
    for (Node item : seq.getValue()) {
      out.add(text(item, key));
    }
    return out;
  }

  boolean bool(Node n, String key) {
    String v = text(n, key);
    return switch (v) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw error(n, key, "must be true or false, got \"" + v + "\"", "write true or false");
    };
  }

  /** Runs a builder step; an IllegalArgumentException from it becomes an error at the node. */
  <T> T value(Node n, String key, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException e) {
      throw error(n, key, e.getMessage(), "fix the value at that line");
    }
  }

  String at(Node n) {
    return source + ":" + (n.getStartMark().getLine() + 1) + ": ";
  }

  ConfigurationException error(Node n, String key, String problem, String hint) {
    return new ConfigurationException(at(n) + key + ": " + problem, hint);
  }

  /** The items of a list of mappings. */
  List<Node> items(Node node, String key, String example) {
    if (!(node instanceof SequenceNode seq)) {
      throw error(node, key, "must be a list", "write it as " + example);
    }
    return seq.getValue();
  }

  /** A key a section must have. */
  Node required(Map<String, Node> m, Node section, String where, String key, String example) {
    Node n = m.get(key);
    if (n == null) {
      throw error(section, where + "." + key, "is missing", "add \"" + key + ": " + example + "\"");
    }
    return n;
  }

  /** A text value a section must have, named {@code <where>.<key>} in errors. */
  String requiredText(Map<String, Node> m, Node section, String where, String key, String example) {
    return text(required(m, section, where, key, example), where + "." + key);
  }

  /** A text value that must match a pattern. */
  String matching(Node n, String key, Pattern pattern, String expected) {
    String v = text(n, key);
    if (!pattern.matcher(v).matches()) {
      throw error(n, key, "\"" + v + "\" is not valid", "expected " + expected);
    }
    return v;
  }

  /**
   * One of an enum's constants, named in any case ({@code warn}, {@code FIFO}).
   *
   * @param what what the constants are, for the error ({@code a queue mode})
   * @param hint the choices, for the error's hint
   */
  <E extends Enum<E>> E choice(Node n, String key, Class<E> type, String what, String hint) {
    String v = text(n, key);
    for (E c : type.getEnumConstants()) {
      if (c.name().equalsIgnoreCase(v)) {
        return c;
      }
    }
    throw error(n, key, "\"" + v + "\" is not " + what, hint);
  }

  /** A duration written {@code 500ms}, {@code 90s}, {@code 30m} or {@code 2h}. */
  Duration duration(Node n, String key, boolean zeroAllowed) {
    try {
      return DurationText.parse(text(n, key), zeroAllowed);
    } catch (IllegalArgumentException e) {
      throw error(n, key, e.getMessage(), "write " + DurationText.FORMS);
    }
  }

  /** {@code <prefix><name>}: a duration such as 90s, 30m or 1h, within [min, max]. */
  Duration duration(
      Map<String, Node> section,
      String prefix,
      String name,
      Duration min,
      Duration max,
      Duration otherwise) {
    Node n = section.get(name);
    if (n == null) {
      return otherwise;
    }
    String key = prefix + name;
    Duration d = duration(n, key, false);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw error(
          n,
          key,
          "\""
              + text(n, key)
              + "\" is not from "
              + DurationText.format(min)
              + " to "
              + DurationText.format(max),
          "write " + DurationText.FORMS + ", within those bounds");
    }
    return d;
  }
}
