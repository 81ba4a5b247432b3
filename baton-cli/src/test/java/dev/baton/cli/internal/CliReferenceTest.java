package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.github.internal.RuntimeEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code docs/cli.md} is every command's {@code --help}, rendered from the picocli commands; this
 * fails when it is out of date. Regenerate it with {@code ./mvnw -o -q -pl baton-cli -am verify
 * -Dtest=CliReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -Dbaton.docs.write=true}.
 */
class CliReferenceTest {
  static final Path DOC = Path.of("..", "docs", "cli.md");

  static String render() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Context ctx =
        new Context(sink, sink, RuntimeEnvironment.of(Map.of()), new Providers(), Path.of(""));
    StringBuilder b =
        new StringBuilder(
            """
        # baton command line reference

        <!-- Generated from the picocli commands by baton-cli's CliReferenceTest, which fails when
             this file is out of date. Regenerate: ./mvnw -o -q -pl baton-cli -am verify
             -Dtest=CliReferenceTest -Dsurefire.failIfNoSpecifiedTests=false -Dbaton.docs.write=true -->

        Every command also takes `@FILE`, which reads arguments from FILE, one per line. Exit status:
        0 success, 1 failure or refusal, 2 bad usage (the message names the option or argument),
        124 when `baton run` did not finish within its time limit, 130 or 143 when stopped by
        SIGINT or SIGTERM.

        """);
    section(b, Cli.commandLine(ctx));
    return b.toString();
  }

  private static void section(StringBuilder b, CommandLine command) {
    b.append("## ")
        .append(command.getCommandSpec().qualifiedName())
        .append("\n\n```text\n")
        .append(command.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing())
        .append("\n```\n\n");
    command.getSubcommands().values().forEach(sub -> section(b, sub));
  }

  @Test
  void docsCliMd_isEveryCommandsHelp() throws IOException {
    String expected = render().stripTrailing() + "\n";
    if (Boolean.getBoolean("baton.docs.write")) {
      Files.createDirectories(DOC.getParent());
      Files.writeString(DOC, expected, StandardCharsets.UTF_8);
    }
    assertThat(DOC).as("docs/cli.md; regenerate with -Dbaton.docs.write=true").exists();
    assertThat(Files.readString(DOC, StandardCharsets.UTF_8)).isEqualTo(expected);
  }
}
