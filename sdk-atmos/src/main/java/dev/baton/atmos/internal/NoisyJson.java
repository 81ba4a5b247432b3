package dev.baton.atmos.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds the JSON document in stdout that is not only JSON. {@code atmos terraform output ... --
 * -json} prints "Switched to workspace" first, init output when it initialises, and, depending on
 * versions and settings, log lines ({@code WARN ...}) and a trailing "Warnings:" block (the legacy
 * apply action greps and awks these away). Rather than filter by known noise, this tries each line
 * that starts with <code>{</code> as the start of one JSON value, reads exactly that value
 * (ignoring what follows), and keeps the first that has the expected shape, so that a JSON log line
 * that happens to come first is skipped too.
 */
public final class NoisyJson {
  private NoisyJson() {}

  /**
   * @param mapper the mapper to read with
   * @param lines stdout, ANSI-stripped, one entry per line
   * @param shape whether a parsed object is the document wanted
   * @return the first JSON object that parses and has the shape, if any
   */
  public static Optional<JsonNode> find(
      ObjectMapper mapper, List<String> lines, Predicate<JsonNode> shape) {
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).stripLeading().startsWith("{")) {
        continue;
      }
      String text = String.join("\n", lines.subList(i, lines.size()));
      try (JsonParser parser = mapper.createParser(text)) {
        JsonNode node = mapper.readTree(parser);
        if (node != null && node.isObject() && shape.test(node)) {
          return Optional.of(node);
        }
      } catch (JsonProcessingException e) {
        // not JSON from here (or not a whole value): try the next candidate line
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Optional.empty();
  }
}
