package dev.baton.atmos.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code terraform output -json}: an object of output name to <code>
 * {"sensitive": bool, "type": ..., "value": ...}</code>, {@code {}} when nothing is deployed.
 * Values become strings: a string as it is, anything else as compact JSON. Sensitive outputs are
 * left out, so that they never travel on in results that get logged; their names are reported.
 */
public final class TerraformOutputs {
  private TerraformOutputs() {}

  /**
   * The outputs, and the names of sensitive outputs left out.
   *
   * @param values output name to value
   * @param sensitive the names of outputs left out because Terraform marks them sensitive
   */
  public record Parsed(Map<String, String> values, List<String> sensitive) {
    /**
     * Copies the values.
     *
     * @param values output name to value
     * @param sensitive the names of outputs left out because Terraform marks them sensitive
     */
    public Parsed {
      values = Map.copyOf(values);
      sensitive = List.copyOf(sensitive);
    }
  }

  /**
   * @param mapper the mapper
   * @param stdout the command's stdout lines, ANSI-stripped
   * @return the outputs, or empty when stdout holds no output document
   */
  public static Optional<Parsed> parse(ObjectMapper mapper, List<String> stdout) {
    return NoisyJson.find(mapper, stdout, TerraformOutputs::isOutputDocument)
        .map(node -> convert(mapper, node));
  }

  /** Every field is an object with a "value" (or the document is empty). */
  static boolean isOutputDocument(JsonNode node) {
    for (JsonNode v : node) {
      if (!v.isObject() || !v.has("value")) {
        return false;
      }
    }
    return true;
  }

  private static Parsed convert(ObjectMapper mapper, JsonNode node) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> sensitive = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getValue().path("sensitive").asBoolean(false)) {
        sensitive.add(e.getKey());
        continue;
      }
      JsonNode value = e.getValue().get("value");
      if (value == null || value.isNull()) {
        continue;
      }
      values.put(e.getKey(), value.isTextual() ? value.asText() : compact(mapper, value));
    }
    return new Parsed(values, sensitive);
  }

  private static String compact(ObjectMapper mapper, JsonNode value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON tree could not be written back", e);
    }
  }
}
