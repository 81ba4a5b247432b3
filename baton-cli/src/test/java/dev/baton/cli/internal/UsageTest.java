package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.github.internal.RuntimeEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Bad command lines exit with status 2 and name the bad argument; help exits 0. */
class UsageTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      deplyo                                              | unknown command "deplyo"
      plan --bogus                                        | Unknown option: '--bogus'
      plan --event-path x.json                            | --event-name is required
      plan --event-name push                              | --event-path is required
      plan --event-name push --event-path missing.json    | --event-path
      plan --event-name push --event-name pull_request    | option '--event-name' (NAME) should be specified only once
      plan --json=yes                                     | Invalid value for option '--json': 'yes' is not a boolean
      plan --event-name                                   | Missing required parameter for option '--event-name'
      run --approve bad!name --event-name push --event-path b.txt | --approve:
      promote ghcr.io/acme/shop:1.0                       | missing argument TAG
      promote ghcr.io/acme/shop:1.0 1.1 extra             | Unmatched argument at index 3: 'extra'
      promote ghcr.io/Acme/shop:1.0 1.1                   | SOURCE: invalid image reference
      promote ghcr.io/acme/shop 1.1                       | names neither a tag nor a digest
      promote ghcr.io/acme/shop:1.0 bad!tag               | TAG: invalid tag "bad!tag"
      promote --plain-http 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:1.0 1.1 | is an ECR registry, reached through ECR
      promote --concurrency 3 ghcr.io/acme/shop:1.0 1.1   | --concurrency goes with --batch only
      promote --batch b.txt --concurrency 0               | Invalid value for option '--concurrency': expected a whole number from 1 to 16, got '0'
      promote --batch b.txt --concurrency many            | Invalid value for option '--concurrency': expected a whole number from 1 to 16, got 'many'
      status --history 0                                  | Invalid value for option '--history': expected a whole number from 1 to 1000, got '0'
      status --history 1001                               | Invalid value for option '--history': expected a whole number from 1 to 1000, got '1001'
      status --history all                                | Invalid value for option '--history': expected a whole number from 1 to 1000, got 'all'
      promote --batch b.txt --timeout soon                | Invalid value for option '--timeout'
      demo extra                                          | Unmatched argument at index 1: 'extra'
      demo --registry ftp://127.0.0.1:5000                | --registry: "ftp://127.0.0.1:5000" is not an http
      demo --registry http://registry.example.com:5000    | plain http is accepted for this machine only
      demo --atmos /nonexistent/atmos                     | --atmos: /nonexistent/atmos is not an executable file
      """)
  void badCommandLine_exits2_namingTheArgument(String line, String message) throws Exception {
    Files.writeString(dir.resolve("b.txt"), "ghcr.io/acme/shop:1.0 1.1\n");
    CliRunner.Outcome o = CliRunner.in(dir).run(line.split(" "));
    assertThat(o.exit()).as(o.err()).isEqualTo(2);
    assertThat(o.err()).contains(message);
    assertThat(o.out()).isEmpty();
  }

  @Test
  void batchFile_withABadLine_exits2_namingFileAndLine() throws Exception {
    Files.writeString(
        dir.resolve("batch.txt"),
        """
        # promote two
        ghcr.io/acme/shop:sha-1 1.0.0
        ghcr.io/acme/shop:sha-2
        """);
    CliRunner.Outcome o = CliRunner.in(dir).run("promote", "--batch", "batch.txt");
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).contains("batch.txt:3").contains("expected 'SOURCE TAG'");
  }

  @Test
  void noArguments_printsUsage_exits2() {
    CliRunner.Outcome o = CliRunner.in(dir).run();
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).contains("Usage: baton [-hV] COMMAND");
  }

  /** Every command of the command line. */
  static Stream<String> commands() {
    return Stream.of(
        "demo",
        "plan",
        "run",
        "promote",
        "deploy",
        "destroy",
        "rollback",
        "status",
        "sweep",
        "quarantine",
        "coordination");
  }

  @ParameterizedTest
  @MethodSource("commands")
  void everyCommand_hasHelp_exits0(String command) {
    for (String flag : new String[] {"--help", "-h"}) {
      CliRunner.Outcome o = CliRunner.in(dir).run(command, flag);
      assertThat(o.exit()).isZero();
      assertThat(o.out()).startsWith("Usage: baton " + command).contains("Exit status");
    }
    assertThat(CliRunner.in(dir).run("help", command).out()).startsWith("Usage: baton " + command);
  }

  /**
   * A command line that starts with a command's name builds that command alone; its help must be
   * the one the whole command line shows (the reference in docs/cli.md is made from the latter).
   */
  @ParameterizedTest
  @MethodSource("commands")
  void commandBuiltAlone_showsTheHelpOfTheWholeCommandLine(String command) {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Context ctx =
        new Context(sink, sink, RuntimeEnvironment.of(Map.of()), new Providers(), Path.of(""));
    String whole =
        Cli.commandLine(ctx)
            .getSubcommands()
            .get(command)
            .getUsageMessage(CommandLine.Help.Ansi.OFF);

    CliRunner.Outcome alone = CliRunner.in(dir).run(command, "--help");

    assertThat(alone.exit()).isZero();
    assertThat(alone.out().strip()).isEqualTo(whole.strip());
  }

  @Test
  void topLevelHelp_listsTheCommands_exits0() {
    CliRunner.Outcome o = CliRunner.in(dir).run("--help");
    assertThat(o.exit()).isZero();
    assertThat(o.out()).contains("demo").contains("plan").contains("run").contains("promote");
  }

  @Test
  void version_listsWhichProvidersThisBuildHas() {
    CliRunner.Outcome o = CliRunner.in(dir).run("--version");
    assertThat(o.exit()).isZero();
    assertThat(o.out()).contains("GitHubEventResolver").contains("OciImageRegistry");
  }

  @Test
  void mistypedOption_suggestsTheRightOne() {
    CliRunner.Outcome o = CliRunner.in(dir).run("plan", "--event-nme", "push");
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).contains("'--event-nme'").contains("--event-name");
  }

  @Test
  void atFile_holdsArguments_oneALine() throws Exception {
    Files.writeString(dir.resolve("args.txt"), "--batch\nb.txt\n--concurrency\nabc\n");
    CliRunner.Outcome o = CliRunner.in(dir).run("promote", "@" + dir.resolve("args.txt"));
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).contains("'--concurrency'").contains("got 'abc'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo", "plan", "run", "promote"})
  void everyCommand_hasVersion_exits0(String command) {
    CliRunner.Outcome o = CliRunner.in(dir).run(command, "--version");
    assertThat(o.exit()).isZero();
    assertThat(o.out()).startsWith("baton ").contains("providers in this build");
  }

  @Test
  void generateCompletion_printsABashScript_exits0() {
    CliRunner.Outcome o = CliRunner.in(dir).run("generate-completion");
    assertThat(o.exit()).isZero();
    assertThat(o.out()).contains("complete -F").contains("promote").contains("--event-name");
  }
}
