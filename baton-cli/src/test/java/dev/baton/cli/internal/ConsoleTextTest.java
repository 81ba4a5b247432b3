package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.PipelineEvent;
import dev.baton.PlannedAction;
import dev.baton.PushTrigger;
import dev.baton.RunId;
import dev.baton.testkit.TestPipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Untrusted text echoed to the console: no raw CR or LF, and no line the GitHub Actions runner
 * would read as a workflow command.
 */
class ConsoleTextTest {
  static final String INJECTED = "deploy\n::set-output name=x::y";

  @TempDir Path dir;

  @Test
  void line_escapesLineBreaks_andDefusesCommands() {
    assertThat(ConsoleText.line(INJECTED)).isEqualTo("deploy\\n::set-output name=x::y");
    assertThat(ConsoleText.line("a\r\nb\rc")).isEqualTo("a\\r\\nb\\rc");
    assertThat(ConsoleText.line("::add-mask::x")).isEqualTo("\\::add-mask::x");
    assertThat(ConsoleText.line("  ::error::x")).isEqualTo("\\  ::error::x");
    assertThat(ConsoleText.line("##[set-output name=x;]y")).isEqualTo("\\##[set-output name=x;]y");
    assertThat(ConsoleText.line("Apply complete! a::b")).isEqualTo("Apply complete! a::b");
  }

  @Test
  void lines_keepsLineBreaks_butDefusesEachLine() {
    assertThat(ConsoleText.lines("failed:\n::set-output name=x::y\r\nlast\rline"))
        .isEqualTo("failed:\n\\::set-output name=x::y\nlast\\rline");
  }

  @Test
  void progressPrinter_defusesChildOutput() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressPrinter printer =
        new ProgressPrinter(
            new PrintStream(bytes, true, StandardCharsets.UTF_8), UnaryOperator.identity(), true);
    TestPipeline t = TestPipeline.create();
    t.pipeline().run(new PushTrigger("refs/heads/main", t.pushBuild(), "main", false));
    PipelineEvent.Started started =
        t.events().stream()
            .filter(PipelineEvent.Started.class::isInstance)
            .map(PipelineEvent.Started.class::cast)
            .findFirst()
            .orElseThrow();
    PlannedAction action = started.action();
    RunId run = started.run();

    printer.onEvent(new PipelineEvent.Progress(run, action, "::set-output name=x::y"));
    printer.onEvent(new PipelineEvent.Progress(run, action, "Apply " + INJECTED));

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out.split("\n"))
        .containsExactly(
            "     | \\::set-output name=x::y", "     | Apply deploy\\n::set-output name=x::y");
    assertNoCommandLine(out);
  }

  @Test
  void plan_withInjectedPayloadLabel_printsItOnOneLine() throws Exception {
    Files.writeString(
        dir.resolve("baton.yaml"),
        """
        registry: ghcr.io
        repository: octocat/hello-world
        pull-request-label: bug
        """);
    ObjectMapper json = new ObjectMapper();
    ObjectNode root =
        (ObjectNode) json.readTree(PlanOfflineTest.payload("pull_request.labeled.json").toFile());
    ((ObjectNode) root.path("label")).put("name", INJECTED);
    ((ArrayNode) root.path("pull_request").path("labels")).addObject().put("name", INJECTED);
    Path payload = dir.resolve("event.json");
    json.writeValue(payload.toFile(), root);

    CliRunner.Outcome o =
        CliRunner.in(dir)
            .env(Map.of("GITHUB_SHA", PlanOfflineTest.GITHUB_SHA))
            .run(
                "plan",
                "--event-name",
                "pull_request",
                "--event-path",
                payload.toString(),
                "--offline");

    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.out()).contains("\"deploy\\n::set-output name=x::y\"");
    assertNoCommandLine(o.out());
    assertNoCommandLine(o.err());
  }

  static void assertNoCommandLine(String out) {
    assertThat(Arrays.asList(out.split("\n", -1)))
        .noneMatch(l -> l.stripLeading().startsWith("::"))
        .noneMatch(l -> l.contains("\r"));
  }
}
