package dev.baton.atmos.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.ProviderException;
import dev.baton.StackName;
import dev.baton.atmos.ComponentDescription;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code atmos describe component ... --format json} output into a {@link
 * ComponentDescription}. Since the "warn" error mode (edition 2026-07-13) atmos prints {@code
 * (computed)} for a YAML function it could not resolve and carries on; such a value is an error
 * here, not data.
 */
public final class DescribeParser {
  /** What atmos puts in place of a value it could not resolve. */
  public static final String COMPUTED = "(computed)";

  /** Provenance metadata is about where values came from; it is not checked or kept. */
  private static final String PROVENANCE = "__atmos_provenance";

  private DescribeParser() {}

  /**
   * @param mapper the mapper
   * @param stdout describe's stdout lines, ANSI-stripped
   * @param requested the stack that was asked for (used when atmos does not echo it)
   * @param component the component that was asked for
   * @param description the command, for messages
   * @return the description
   * @throws ProviderException when there is no JSON document, or a value is {@code (computed)}
   */
  public static ComponentDescription parse(
      ObjectMapper mapper,
      List<String> stdout,
      StackName requested,
      String component,
      String description) {
    JsonNode root =
        NoisyJson.find(
                mapper,
                stdout,
                n -> n.has("vars") || n.has("component") || n.has("atmos_component"))
            .orElseThrow(
                () ->
                    ProviderException.permanent(
                        description
                            + " printed no JSON description"
                            + " on stdout ("
                            + stdout.size()
                            + " lines)",
                        "check that this atmos version supports --format json and that nothing in atmos.yaml"
                            + " redirects logs to stdout",
                        null));
    List<String> computed = new ArrayList<>();
    findComputed(root, "", computed);
    if (!computed.isEmpty()) {
      throw ProviderException.permanent(
          description
              + " left YAML functions unresolved: "
              + String.join(", ", computed)
              + (computed.size() == 1 ? " is " : " are ")
              + "\""
              + COMPUTED
              + "\"",
          "atmos could not resolve a YAML function (!terraform.state, !terraform.output, !aws.*),"
              + " usually for lack of cloud credentials: give atmos credentials or an --identity,"
              + " or set describe.error_mode: strict in atmos.yaml to see the underlying error",
          null);
    }
    String stack = text(root, "atmos_stack", text(root, "stack", requested.value()));
    Map<String, String> env = new LinkedHashMap<>();
    root.path("env")
        .properties()
        .forEach(e -> env.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
    return new ComponentDescription(
        text(root, "atmos_component", component),
        StackName.tryParse(stack).orElse(requested),
        text(root, "component", ""),
        text(root, "workspace", ""),
        text(root, "command", ""),
        asMap(root.path("vars")),
        env,
        text(root, "backend_type", ""),
        asMap(root.path("backend")));
  }

  private static String text(JsonNode root, String field, String fallback) {
    JsonNode n = root.get(field);
    return n != null && n.isValueNode() && !n.isNull() ? n.asText() : fallback;
  }

  private static void findComputed(JsonNode node, String path, List<String> out) {
    if (node.isTextual() && COMPUTED.equals(node.asText())) {
      out.add(path.isEmpty() ? "(root)" : path);
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (path.isEmpty() && e.getKey().equals(PROVENANCE)) {
          continue;
        }
        findComputed(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        findComputed(node.get(i), path + "[" + i + "]", out);
      }
    }
  }

  private static Map<String, Object> asMap(JsonNode node) {
    return node.isObject() ? toMap(node) : Map.of();
  }

  private static Map<String, Object> toMap(JsonNode node) {
    Map<String, Object> m = new LinkedHashMap<>();
    node.properties().forEach(e -> m.put(e.getKey(), toJava(e.getValue())));
    return Collections.unmodifiableMap(m);
  }

  /** Plain, unmodifiable Java values: Map, List, String, Long/Double/BigInteger, Boolean, null. */
  private static Object toJava(JsonNode n) {
    if (n.isObject()) {
      return toMap(n);
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(e -> l.add(toJava(e)));
      return Collections.unmodifiableList(l);
    }
    if (n.isTextual()) {
      return n.asText();
    }
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? (Object) n.asLong() : n.bigIntegerValue();
    }
    if (n.isNumber()) {
      return n.asDouble();
    }
    return null;
  }
}
