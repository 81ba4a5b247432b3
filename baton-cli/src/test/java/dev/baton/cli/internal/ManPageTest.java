package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.github.internal.RuntimeEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * {@code docs/man/} holds one man page per command (AsciiDoc in the manpage doctype, which {@code
 * asciidoctor -b manpage} turns into roff), rendered from the picocli commands by picocli's own
 * generator; this fails when a page is out of date or left over. Regenerate them with {@code ./mvnw
 * -o -q -pl baton-cli -am verify -Dtest=ManPageTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbaton.docs.write=true}.
 */
class ManPageTest {
  static final Path DIR = Path.of("..", "docs", "man");

  static Map<String, String> render() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Context ctx =
        new Context(sink, sink, RuntimeEnvironment.of(Map.of()), new Providers(), Path.of(""));
    Map<String, String> pages = new LinkedHashMap<>();
    collect(Cli.commandLine(ctx), pages);
    return pages;
  }

  private static void collect(CommandLine command, Map<String, String> pages) {
    CommandLine.Model.CommandSpec spec = command.getCommandSpec();
    StringWriter page = new StringWriter();
    try (PrintWriter out = new PrintWriter(page)) {
      ManPageGenerator.writeSingleManPage(out, spec);
    }
    pages.put(spec.qualifiedName("-") + ".adoc", page.toString());
    command.getSubcommands().values().forEach(sub -> collect(sub, pages));
  }

  @Test
  void docsMan_isEveryCommandsManPage() throws IOException {
    Map<String, String> expected = render();
    if (Boolean.getBoolean("baton.docs.write")) {
      Files.createDirectories(DIR);
      try (Stream<Path> old = Files.list(DIR)) {
        for (Path p : old.toList()) {
          Files.delete(p);
        }
      }
      for (Map.Entry<String, String> e : expected.entrySet()) {
        Files.writeString(DIR.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
      }
    }
    try (Stream<Path> files = Files.list(DIR)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("docs/man/; regenerate with -Dbaton.docs.write=true")
          .containsExactlyInAnyOrderElementsOf(expected.keySet());
    }
    for (Map.Entry<String, String> e : expected.entrySet()) {
      assertThat(Files.readString(DIR.resolve(e.getKey()), StandardCharsets.UTF_8))
          .as(e.getKey())
          .isEqualTo(e.getValue());
    }
  }
}
