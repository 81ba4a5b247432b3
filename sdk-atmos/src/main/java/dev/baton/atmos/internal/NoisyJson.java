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
 *
 * <p>The output is joined once and each candidate is read in place, so a candidate that fails at
 * once costs what it read, not a copy of the rest. All candidates together may read 16 times the
 * output plus 4 MiB, each counting at least 4 KiB (a failed candidate costs an exception), after
 * which the search gives up: output made of a million lines that each open an object, or that each
 * run on to the end, then takes time in proportion to its size, not its square.
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
    char[] text = String.join("\n", lines).toCharArray();
    long budget = 16L * text.length + (4 << 20);
    int lineStart = 0;
    for (String line : lines) {
      int start = lineStart;
      lineStart += line.length() + 1;
      if (!line.stripLeading().startsWith("{")) {
        continue;
      }
      try (JsonParser parser = mapper.createParser(text, start, text.length - start)) {
        try {
          JsonNode node = mapper.readTree(parser);
          if (node != null && node.isObject() && shape.test(node)) {
            return Optional.of(node);
          }
        } catch (JsonProcessingException e) {
          // not JSON from here (or not a whole value): try the next candidate line
        }
        budget -= Math.max(4096, parser.currentLocation().getCharOffset() - start);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (budget < 0) {
        break;
      }
    }
    return Optional.empty();
  }
}
