package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ActionOutcome;
import dev.baton.ActionType;
import dev.baton.Digest;
import dev.baton.ImageTagScheme;
import dev.baton.PlannedAction;
import dev.baton.Tag;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.spi.ResolvedImage;
import dev.baton.testkit.FakeImageRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's end state, from its main logic run in this process on the default local parts. */
class DemoFlowTest {
  @TempDir static Path dir;
  static DemoFlow.Result result;
  static String printed;

  @BeforeAll
  static void runDemo() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Context ctx = new Context(out, out, RuntimeEnvironment.of(Map.of()), new Providers(), dir);
    DemoFlow.DemoSetup setup =
        DemoCommand.setup(
            java.util.Optional.empty(), java.util.Optional.empty(), dir, ctx, new Owned());
    result = new DemoFlow(setup, out, new ProgressPrinter(out, s -> s, true)).run(dir);
    printed = bytes.toString(StandardCharsets.UTF_8);
  }

  private static Digest digestOf(String environment) {
    return EnvironmentRow.find(result.rows(), environment).orElseThrow().digest();
  }

  @Test
  void devStagingAndProd_runOneDigest_theMainCommitsBuild() {
    Digest build =
        result
            .registry()
            .resolve(
                result.repository().withTag(ImageTagScheme.standard().tagFor(result.mainCommit())))
            .map(ResolvedImage::digest)
            .orElseThrow();
    assertThat(List.of(digestOf("dev"), digestOf("staging"), digestOf("prod"))).containsOnly(build);
    assertThat(EnvironmentRow.find(result.rows(), "staging").orElseThrow().tag())
        .isEqualTo(result.release().tag());
  }

  @Test
  void latestAndReleaseTag_pointAtThatDigest() {
    Digest dev = digestOf("dev");
    for (String tag : List.of("latest", result.release().tag())) {
      assertThat(
              result
                  .registry()
                  .resolve(result.repository().withTag(Tag.parse(tag)))
                  .map(ResolvedImage::digest))
          .as(tag)
          .contains(dev);
    }
  }

  @Test
  void preview_isDestroyedWithItsPullRequestNumber() {
    EnvironmentRow preview =
        result.rows().stream()
            .filter(r -> r.target().equals(result.previewTarget()))
            .findFirst()
            .orElseThrow();
    assertThat(preview.status()).isEqualTo("destroyed");
    // Step 2 (label removed) destroyed it, with the PR_NUMBER its deploy had.
    ActionOutcome destroy = result.runs().get(1).outcomes().get(0);
    assertThat(destroy.action())
        .isInstanceOfSatisfying(
            PlannedAction.Destroy.class,
            d -> {
              assertThat(d.target()).isEqualTo(result.previewTarget());
              assertThat(d.variables()).isEqualTo(Map.of("PR_NUMBER", "1"));
            });
    assertThat(destroy.detail()).startsWith("destroyed");
    // The preview ran the pull request's merge-commit build, not main's.
    assertThat(preview.digest()).isNotEqualTo(digestOf("dev"));
  }

  @Test
  void exactlyOneDraftRelease_isCreated_thenPublished() {
    assertThat(result.draftsCreated()).isEqualTo(1);
    assertThat(result.releases().releases()).hasSize(1);
    assertThat(result.publishedRelease().draft()).isFalse();
    assertThat(result.publishedRelease().commit()).isEqualTo(result.mainCommit());
  }

  @Test
  void prod_waitedForOneApproval_afterStaging() {
    assertThat(result.approvals().requests()).hasSize(1);
    assertThat(result.approvals().requests().get(0).target().environment().value())
        .isEqualTo("prod");
    List<ActionType> releaseSteps =
        result.runs().get(4).outcomes().stream().map(o -> o.action().type()).toList();
    assertThat(releaseSteps)
        .containsExactly(
            ActionType.TAG, ActionType.DEPLOY, ActionType.AWAIT_APPROVAL, ActionType.DEPLOY);
  }

  @Test
  void promotion_isOneRetag_noImageIsPushedAgain() {
    FakeImageRegistry registry = (FakeImageRegistry) result.registry();
    assertThat(registry.tagWrites())
        .extracting(w -> w.reference().tag().orElseThrow().value())
        .containsExactly("latest", result.release().tag());
  }

  @Test
  void output_saysWhichPartsRan_andShowsEachStep() {
    assertThat(printed)
        .contains("fake atmos as a child process")
        .contains("[5/5]")
        .contains("Destroy complete! Resources: 3 destroyed.")
        .contains("approved by " + DemoFlow.REVIEWER);
  }

  @Test
  void demoCommand_exits0_printsTheTable_andWritesTheReport() throws Exception {
    Path report = dir.resolve("report.md");
    CliRunner.Outcome o = CliRunner.in(dir).run("demo", "--report", report.toString());
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.out()).contains("ENVIRONMENT").contains("dev, staging and prod run one digest");
    String md = Files.readString(report);
    assertThat(md)
        .contains("| prod | `sha256:")
        .contains("```mermaid")
        .contains("env_staging -->|\"0.1.0, approved by demo-reviewer\"| env_prod");
  }

  @Test
  void everyBuildTagPrinted_isWhole_andTheTableAndTheReportAgree() throws Exception {
    Path report = dir.resolve("tags.md");
    CliRunner.Outcome o = CliRunner.in(dir).run("demo", "--report", report.toString());
    assertThat(o.exit()).as(o.err()).isZero();
    String md = Files.readString(report);
    java.util.regex.Pattern buildTag = java.util.regex.Pattern.compile("sha-[0-9a-f]+");
    for (String text : List.of(o.out(), md)) {
      java.util.regex.Matcher m = buildTag.matcher(text);
      int found = 0;
      while (m.find()) {
        found++;
        assertThat(m.group()).as("a build tag as printed").matches("sha-[0-9a-f]{40}");
      }
      assertThat(found).isPositive();
    }
    String table = o.out().substring(o.out().indexOf("ENVIRONMENT"));
    List<String> lines = List.of(table.split("\n")).subList(1, 5);
    for (String line : lines) {
      String[] cells = line.strip().split(" {2,}");
      assertThat(md).contains("| " + cells[0] + " | `" + cells[1] + "` | `" + cells[2] + "` |");
    }
  }
}
