package dev.baton.flow;

import static dev.baton.flow.Events.PREVIEW;
import static dev.baton.flow.Events.pr;
import static dev.baton.flow.Tables.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.AccessDeniedException;
import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Environments;
import dev.baton.InMemoryDeploymentLedger;
import dev.baton.InMemoryLeaseStore;
import dev.baton.ManualTrigger;
import dev.baton.PipelineEvent;
import dev.baton.PreviewLimits;
import dev.baton.PromotionPipeline;
import dev.baton.PullRequestTrigger;
import dev.baton.RunResult;
import dev.baton.SweepPolicy;
import dev.baton.SweepReport;
import dev.baton.SweepReport.Outcome;
import dev.baton.spi.DestroyRequest;
import dev.baton.testkit.FakePullRequestSource;
import dev.baton.testkit.ForwardingStackDeployer;
import dev.baton.testkit.Latches;
import dev.baton.testkit.MutableClock;
import dev.baton.testkit.TestPipeline;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The preview reconciler: previews whose pull request closed, lost its label, went idle or grew old
 * are destroyed, once, under their lease; nothing else is touched.
 */
class PreviewSweepTest {
  private static final Environments TABLE =
      table(
          "preview", b -> b.previews(PreviewLimits.of(Duration.ofHours(72), Duration.ofDays(14))));

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
  private final TestPipeline t = TestPipeline.create(TABLE);
  private final InMemoryDeploymentLedger ledger = new InMemoryDeploymentLedger(clock);
  private final InMemoryLeaseStore leases = new InMemoryLeaseStore(clock);
  private final CountDownLatch deployStarted = new CountDownLatch(1);
  private final CountDownLatch releaseDeploy = new CountDownLatch(1);
  private volatile int blockPullRequest = -1;
  private final PromotionPipeline pipeline =
      t.builder()
          .environments(TABLE)
          .clock(clock)
          .ledger(ledger)
          .leases(leases)
          .deployer(
              ForwardingStackDeployer.beforeDeploy(
                  t.deployer(),
                  request -> {
                    if (request.target().instance().equals(Integer.toString(blockPullRequest))) {
                      deployStarted.countDown();
                      Latches.await(
                          releaseDeploy,
                          Duration.ofSeconds(10),
                          "the held preview deploy was never released");
                    }
                  }))
          .build();
  private final FakePullRequestSource prs = new FakePullRequestSource();

  private static DeploymentTarget preview(int number) {
    return DeploymentTarget.pullRequest(PREVIEW, number);
  }

  private CommitSha deployPreview(int number) {
    CommitSha commit = t.pushBuild();
    pipeline.run(pr(number, "opened", "", commit, "deploy"));
    return commit;
  }

  private SweepReport.Outcome outcomeOf(SweepReport report, int number) {
    return report.previews().stream()
        .filter(e -> e.target().equals(preview(number)))
        .findFirst()
        .orElseThrow()
        .outcome();
  }

  /** Five previews: open and fresh, closed, relabelled, idle past the ttl, past the max-age. */
  private void fivePreviews() {
    deployPreview(5); // first deployed 15 days ago, redeployed since: too old
    clock.advance(Duration.ofDays(11));
    deployPreview(4); // idle for four days: past its ttl
    clock.advance(Duration.ofDays(2));
    deployPreview(5);
    clock.advance(Duration.ofDays(2));
    deployPreview(1);
    deployPreview(2);
    deployPreview(3);
    clock.advance(Duration.ofHours(1));
    prs.open(1, "deploy").closed(2, "deploy").open(3, "deploy", "ui").open(4, "deploy");
    prs.open(5, "deploy").unlabel(3, "deploy");
  }

  @Test
  void sweep_destroysClosedRelabelledIdleAndOldPreviews_andKeepsTheRest() {
    fivePreviews();

    SweepReport report = pipeline.sweepPreviews(SweepPolicy.of(prs));

    assertThat(report.dryRun()).isFalse();
    assertThat(report.previews())
        .extracting(e -> e.target().instance(), SweepReport.Entry::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("1", Outcome.KEPT),
            org.assertj.core.groups.Tuple.tuple("2", Outcome.DESTROYED),
            org.assertj.core.groups.Tuple.tuple("3", Outcome.DESTROYED),
            org.assertj.core.groups.Tuple.tuple("4", Outcome.DESTROYED),
            org.assertj.core.groups.Tuple.tuple("5", Outcome.DESTROYED));
    assertThat(report.previews())
        .extracting(SweepReport.Entry::reason)
        .satisfiesExactly(
            kept -> assertThat(kept).contains("is open with the \"deploy\" label"),
            closed -> assertThat(closed).startsWith("pull request #2 is closed"),
            relabelled -> assertThat(relabelled).contains("no longer has the \"deploy\" label"),
            idle -> assertThat(idle).contains("idle for 4d1h").contains("ttl of 3d"),
            old -> assertThat(old).contains("15d1h ago").contains("max-age of 14d"));
    assertThat(t.deployer().destroys())
        .extracting(DestroyRequest::variables)
        .containsExactly(
            Map.of("PR_NUMBER", "2"),
            Map.of("PR_NUMBER", "3"),
            Map.of("PR_NUMBER", "4"),
            Map.of("PR_NUMBER", "5"));
    assertThat(ledger.current(preview(1))).isPresent();
    for (int n = 2; n <= 5; n++) {
      assertThat(ledger.current(preview(n))).isEmpty();
    }
    assertThat(t.events())
        .filteredOn(PipelineEvent.RunStarted.class::isInstance)
        .map(e -> ((PipelineEvent.RunStarted) e).trigger())
        .filteredOn(ManualTrigger.class::isInstance)
        .map(tr -> ((ManualTrigger) tr).reason())
        .filteredOn(r -> r.startsWith("sweep: "))
        .hasSize(4);
  }

  @Test
  void dryRun_changesNothing_andSaysWhatItWouldDestroy() {
    fivePreviews();
    int eventsBefore = t.events().size();

    SweepReport report = pipeline.sweepPreviews(SweepPolicy.of(prs).dryRun(true));

    assertThat(report.dryRun()).isTrue();
    assertThat(report.with(Outcome.WOULD_DESTROY)).hasSize(4);
    assertThat(report.with(Outcome.KEPT)).hasSize(1);
    assertThat(t.deployer().destroys()).isEmpty();
    assertThat(t.events()).hasSize(eventsBefore);
    for (int n = 1; n <= 5; n++) {
      assertThat(ledger.current(preview(n))).isPresent();
    }
  }

  @Test
  void sweepingAgain_changesNothingMore() {
    fivePreviews();
    pipeline.sweepPreviews(SweepPolicy.of(prs));

    SweepReport again = pipeline.sweepPreviews(SweepPolicy.of(prs));

    assertThat(again.previews())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.target()).isEqualTo(preview(1));
              assertThat(e.outcome()).isEqualTo(Outcome.KEPT);
            });
    assertThat(t.deployer().destroys()).hasSize(4);
  }

  @Test
  void previewWhoseDeployHoldsTheLease_isSkipped_andTheDeployIsNotSuperseded() throws Exception {
    deployPreview(7);
    prs.closed(7, "deploy");
    blockPullRequest = 7;
    CommitSha newer = t.pushBuild();
    CompletableFuture<RunResult> deploy =
        CompletableFuture.supplyAsync(
            () -> pipeline.run(pr(7, "synchronize", "", newer, "deploy")));
    Latches.await(deployStarted, Duration.ofSeconds(10), "the preview deploy never started");

    SweepReport during = pipeline.sweepPreviews(SweepPolicy.of(prs));

    assertThat(outcomeOf(during, 7)).isEqualTo(Outcome.SKIPPED_BUSY);
    assertThat(during.previews().get(0).reason()).contains("lease held by").contains("next sweep");
    releaseDeploy.countDown();
    assertThat(deploy.get(10, TimeUnit.SECONDS).outcomes()).isNotEmpty();
    assertThat(ledger.current(preview(7)).orElseThrow().commit()).isEqualTo(newer);
    assertThat(t.deployer().destroys()).isEmpty();

    SweepReport after = pipeline.sweepPreviews(SweepPolicy.of(prs));

    assertThat(outcomeOf(after, 7)).isEqualTo(Outcome.DESTROYED);
    assertThat(ledger.current(preview(7))).isEmpty();
  }

  @Test
  void aLabelThatSurvivesTheClose_neverBringsThePreviewBack() {
    CommitSha commit = deployPreview(8);
    prs.closed(8, "deploy");
    pipeline.sweepPreviews(SweepPolicy.of(prs));
    int deploys = t.deployer().deploys().size();

    PullRequestTrigger labelledWhileClosed =
        new PullRequestTrigger(
            8, "labeled", Set.of("deploy"), "deploy", commit, commit, false, false);
    RunResult result = pipeline.run(labelledWhileClosed);

    assertThat(result.plan().actions()).isEmpty();
    assertThat(result.plan().reason()).contains("is closed");
    assertThat(t.deployer().deploys()).hasSize(deploys);
    assertThat(ledger.current(preview(8))).isEmpty();
    assertThat(pipeline.sweepPreviews(SweepPolicy.of(prs)).previews()).isEmpty();
  }

  @Test
  void unreadablePullRequest_isSkippedAndReported_theOthersAreStillSwept() {
    deployPreview(1);
    deployPreview(2);
    prs.closed(1, "deploy").closed(2, "deploy");
    prs.failNext(new AccessDeniedException("GET /repos/acme/shop/pulls/1 answered 403", "", null));

    SweepReport report = pipeline.sweepPreviews(SweepPolicy.of(prs));

    assertThat(outcomeOf(report, 1)).isEqualTo(Outcome.SKIPPED_ERROR);
    assertThat(report.previews().get(0).reason()).contains("could not read pull request #1");
    assertThat(report.hasErrors()).isTrue();
    assertThat(outcomeOf(report, 2)).isEqualTo(Outcome.DESTROYED);
    assertThat(ledger.current(preview(1))).isPresent();
  }

  @Test
  void sharedEnvironment_cannotHavePreviewLimits() {
    assertThatThrownBy(
            () ->
                Environments.standard().get("dev").toBuilder()
                    .previews(PreviewLimits.of(Duration.ofHours(1), Duration.ZERO))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("environment dev")
        .hasMessageContaining("one instance per pull request");
  }
}
