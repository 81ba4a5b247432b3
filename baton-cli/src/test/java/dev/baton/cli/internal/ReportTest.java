package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.ActionOutcome;
import dev.baton.BatonException;
import dev.baton.CommitSha;
import dev.baton.Environments;
import dev.baton.PullRequestTrigger;
import dev.baton.PushTrigger;
import dev.baton.ReleaseTrigger;
import dev.baton.ReleaseVersion;
import dev.baton.RunResult;
import dev.baton.TagConflictException;
import dev.baton.testkit.TestPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Markdown report, from real runs of a pipeline on the testkit's fakes. */
class ReportTest {
  final TestPipeline t = TestPipeline.create();

  @Test
  void report_whenTheDeployerDoesNotKnowTheCounts_saysSo() {
    dev.baton.spi.StackDeployer quiet =
        new dev.baton.spi.StackDeployer() {
          @Override
          public dev.baton.spi.DeployResult deploy(
              dev.baton.spi.DeployRequest request, dev.baton.spi.Progress progress) {
            return dev.baton.spi.DeployResult.appliedWithUnknownCounts(
                t.deployer().deploy(request, progress).outputs());
          }

          @Override
          public dev.baton.spi.DestroyResult destroy(
              dev.baton.spi.DestroyRequest request, dev.baton.spi.Progress progress) {
            return t.deployer().destroy(request, progress);
          }

          @Override
          public dev.baton.spi.StackOutputs outputs(
              dev.baton.DeploymentTarget target,
              dev.baton.StackName stack,
              java.util.Map<String, String> variables) {
            return t.deployer().outputs(target, stack, variables);
          }
        };
    CommitSha commit = t.pushBuild();
    RunResult dev =
        t.builder()
            .deployer(quiet)
            .build()
            .run(new PushTrigger("refs/heads/main", commit, "main", false));

    String md = new Report("Push").run(dev).toMarkdown(Environments.standard());

    assertThat(md).contains("applied: resource counts unknown").doesNotContain("0 added");
  }

  /** A push to main, then the release 0.1.0 of its commit published: dev, staging, prod. */
  private List<RunResult> pushThenRelease() {
    CommitSha commit = t.pushBuild();
    RunResult dev = t.pipeline().run(new PushTrigger("refs/heads/main", commit, "main", false));
    t.releases().publish(t.releases().releases().get(0).version());
    RunResult release =
        t.pipeline()
            .run(
                new ReleaseTrigger(
                    "published", ReleaseVersion.parse("0.1.0"), commit, false, false));
    return List.of(dev, release);
  }

  @Test
  void rowsFromSteps_sayWhatTheLedgerSays_forTheTargetsTheRunsTouched_andLeaveDestroyedOnesOut() {
    List<RunResult> runs = pushThenRelease();
    RunResult dev = runs.get(0);
    RunResult release = runs.get(1);
    CommitSha pr = t.pushBuild();
    RunResult opened =
        t.pipeline()
            .run(
                new PullRequestTrigger(
                    7, "labeled", Set.of("deploy"), "deploy", pr, pr, false, true));
    RunResult closed =
        t.pipeline()
            .run(new PullRequestTrigger(7, "closed", Set.of("deploy"), "", pr, pr, false, false));
    List<ActionOutcome> steps = new ArrayList<>();
    for (RunResult r : List.of(dev, release, opened, closed)) {
      steps.addAll(r.outcomes());
    }

    List<EnvironmentRow> fromSteps = EnvironmentRow.fromSteps(steps);

    assertThat(fromSteps)
        .containsExactlyElementsOf(
            EnvironmentRow.fromLedger(Environments.standard(), t.ledger()).stream()
                .filter(r -> !r.target().isPerPullRequest())
                .toList());
    assertThat(EnvironmentRow.fromSteps(opened.outcomes()))
        .singleElement()
        .satisfies(r -> assertThat(r.target().toString()).isEqualTo("preview#7"));
  }

  @Test
  void report_hasTable_diagram_andSteps() {
    List<RunResult> runs = pushThenRelease();
    RunResult dev = runs.get(0);
    RunResult release = runs.get(1);
    CommitSha commit = ((PushTrigger) dev.plan().trigger()).commit();
    String md =
        new Report("Release 0.1.0")
            .run(dev)
            .run(release)
            .environments(EnvironmentRow.fromLedger(Environments.standard(), t.ledger()))
            .toMarkdown(Environments.standard());
    String digest = dev.deployedImage().orElseThrow().digest().orElseThrow().toString();
    assertThat(md)
        .startsWith("# Release 0.1.0\n")
        .contains("| Environment | Digest | Tag | URL | Status |")
        .contains(
            "| dev | `"
                + digest
                + "` | `sha-"
                + commit
                + "` | https://dev.app.example.test"
                + " | running |")
        .contains("| staging | `" + digest + "` | `0.1.0` |")
        .contains("| prod | `" + digest + "` | `0.1.0` |");
    assertThat(md)
        .contains("```mermaid\nflowchart LR\n")
        .contains(
            "img_" + digest.substring(7, 19) + "[(\"sha256:" + digest.substring(7, 19) + "…\")]")
        .contains("-->|\"sha-" + commit + "\"| env_dev")
        .contains("env_dev -->|\"0.1.0\"| env_staging")
        .contains("env_staging -->|\"0.1.0, approved by reviewer\"| env_prod");
    assertThat(md)
        .contains("## 1. push refs/heads/main")
        .contains("## 2. release 0.1.0")
        .contains("| tag 0.1.0 -> sha256:");
  }

  @Test
  void destroyedPreview_isDashed_andHashIsEscaped() {
    CommitSha commit = t.pushBuild();
    RunResult up =
        t.pipeline()
            .run(
                new dev.baton.PullRequestTrigger(
                    7, "labeled", Set.of("deploy"), "deploy", commit, commit, false, true));
    RunResult down =
        t.pipeline()
            .run(
                new dev.baton.PullRequestTrigger(
                    7, "closed", Set.of(), "", commit, commit, false, false));
    String mermaid = new Report("x").run(up).run(down).mermaid(Environments.standard());
    assertThat(mermaid)
        .contains("env_preview_7[\"preview#35;7\"]")
        .contains("env_preview_7 -.->|\"destroy {PR_NUMBER=7}\"| gone_preview_7")
        .contains("class gone_preview_7 destroyed");
  }

  @Test
  void failure_isShownWithItsHint() {
    BatonException e =
        new TagConflictException(
            TestPipeline.REPOSITORY.withTag(dev.baton.Tag.parse("1.0.0")),
            dev.baton.Digest.sha256(new byte[] {1}),
            dev.baton.Digest.sha256(new byte[] {2}));
    String md =
        new Report("Release 1.0.0").failure("tag 1.0.0", e).toMarkdown(Environments.standard());
    assertThat(md).contains("> **Failed:** tag 1.0.0: ").contains(e.getMessage());
    if (!e.hint().isEmpty()) {
      assertThat(md).contains("> **Hint:** " + e.hint());
    }
  }
}
