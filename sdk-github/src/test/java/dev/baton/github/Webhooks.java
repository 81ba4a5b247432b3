package dev.baton.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Loads the vendored {@code @octokit/webhooks-examples} payloads (see {@code
 * src/test/resources/webhooks/README.md}) and derives variants from them.
 */
final class Webhooks {
  static final ObjectMapper JSON = new ObjectMapper();

  private Webhooks() {}

  /** Every vendored file, as listed in {@code webhooks/index.txt}. */
  static List<String> all() {
    return Arrays.stream(text("index.txt").split("\\R")).filter(s -> !s.isBlank()).toList();
  }

  /** The file's bytes, unchanged. */
  static byte[] bytes(String file) {
    try (InputStream in = Webhooks.class.getResourceAsStream("/webhooks/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture webhooks/" + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The event name: the file's directory. */
  static String event(String file) {
    return file.substring(0, file.indexOf('/'));
  }

  /** The file with a change applied to its JSON tree. */
  static byte[] derive(String file, Consumer<ObjectNode> change) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(bytes(file));
      change.accept(root);
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds a label to {@code pull_request.labels}, as GitHub lists it after the label was added. */
  static void addLabel(ObjectNode root, String name) {
    ArrayNode labels = (ArrayNode) root.path("pull_request").path("labels");
    ObjectNode label = labels.addObject();
    label.put("id", 9_000_000L + name.length());
    label.put("name", name);
    label.put("color", "0e8a16");
    label.put("default", false);
  }

  /** Sets the top-level {@code label} (the one added or removed) to {@code name}. */
  static void changedLabel(ObjectNode root, String name) {
    ((ObjectNode) root.path("label")).put("name", name);
  }

  /** Sets a field by dotted path. */
  static void set(ObjectNode root, String path, JsonNode value) {
    String[] parts = path.split("\\.");
    ObjectNode n = root;
    for (int i = 0; i < parts.length - 1; i++) {
      n = (ObjectNode) n.path(parts[i]);
    }
    n.set(parts[parts.length - 1], value);
  }

  /** Removes a field by dotted path. */
  static void remove(ObjectNode root, String path) {
    String[] parts = path.split("\\.");
    JsonNode n = root;
    for (int i = 0; i < parts.length - 1; i++) {
      n = n.path(parts[i]);
    }
    ((ObjectNode) n).remove(parts[parts.length - 1]);
  }

  private static String text(String file) {
    return new String(bytes(file), StandardCharsets.UTF_8);
  }
}
