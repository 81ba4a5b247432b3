package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.DeploymentFailedException;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.Environments;
import dev.baton.PreviewLimits;
import dev.baton.PromotionPipeline;
import dev.baton.PullRequestTrigger;
import dev.baton.PushTrigger;
import dev.baton.SweepPolicy;
import dev.baton.SweepReport;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.VerificationResult;
import dev.baton.testkit.FakeDeploymentVerifier;
import dev.baton.testkit.FakePullRequestSource;
import dev.baton.testkit.MutableClock;
import dev.baton.testkit.TestPipeline;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The automatic rollback and the preview sweeper on the PostgreSQL ledger and lease store. */
class PostgresSweepAndRollbackTest {
  private static final EnvironmentName DEV = EnvironmentName.parse("dev");
  private static final EnvironmentName PREVIEW = EnvironmentName.parse("preview");
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  private static final Environments TABLE =
      Environments.standard().toBuilder()
          .change("dev", dev -> dev.autoRollback(true))
          .change(
              "preview",
              preview -> preview.previews(PreviewLimits.of(Duration.ofHours(72), Duration.ZERO)))
          .build();

  private final TestPipeline t = TestPipeline.create(TABLE);
  private final String schema = db.migratedSchema();
  private final PostgresDeploymentLedger ledger =
      new PostgresDeploymentLedger(db.dataSource(), schema, "ci");
  private final FakeDeploymentVerifier verifier = new FakeDeploymentVerifier();
  // The ledger stamps records with the database's clock; the pipeline's runs an hour ahead of it.
  private final MutableClock clock = new MutableClock(Instant.now().plus(Duration.ofHours(1)));
  private final PromotionPipeline pipeline =
      t.builder()
          .environments(TABLE)
          .ledger(ledger)
          .leases(new PostgresLeaseStore(db.dataSource(), schema))
          .verifier(verifier)
          .clock(clock)
          .build();

  private static PushTrigger push(CommitSha commit) {
    return new PushTrigger("refs/heads/main", commit, "main", false);
  }

  private void deployPreview(int number) {
    CommitSha commit = t.pushBuild();
    pipeline.run(
        new PullRequestTrigger(
            number, "opened", Set.of("deploy"), "", commit, commit, false, true));
  }

  @Test
  void failedVerification_rollsBackToTheLastVerifiedDigest_recordedInTheSharedLedger() {
    CommitSha good = t.pushBuild();
    pipeline.run(push(good));
    DeploymentTarget dev = DeploymentTarget.of(DEV);
    Digest goodDigest = ledger.current(dev).orElseThrow().digest();
    verifier.nextResult(
        new VerificationResult(VerificationResult.Outcome.UNHEALTHY, "/health answered 503"));

    assertThatThrownBy(() -> pipeline.run(push(t.pushBuild())))
        .isInstanceOf(DeploymentFailedException.class)
        .hasMessageContaining("rolled back automatically to " + goodDigest.shortForm());

    assertThat(ledger.current(dev).orElseThrow().commit()).isEqualTo(good);
    assertThat(ledger.history(DEV))
        .extracting(DeploymentRecord::state)
        .containsExactly(
            DeploymentState.SUCCESS, DeploymentState.FAILURE, DeploymentState.INACTIVE);
    assertThat(ledger.history(HistoryQuery.all()))
        .extracting(LedgerEvent::kind)
        .contains(LedgerEvent.Kind.DEPLOY_FAILED);
  }

  @Test
  void sweep_destroysClosedThenIdlePreviews_fromTheSharedLedger() {
    deployPreview(1);
    deployPreview(2);
    FakePullRequestSource prs = new FakePullRequestSource().closed(1, "deploy").open(2, "deploy");

    SweepReport first = pipeline.sweepPreviews(SweepPolicy.of(prs));

    assertThat(first.previews())
        .extracting(e -> e.target().instance(), SweepReport.Entry::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("1", SweepReport.Outcome.DESTROYED),
            org.assertj.core.groups.Tuple.tuple("2", SweepReport.Outcome.KEPT));
    assertThat(ledger.current(DeploymentTarget.pullRequest(PREVIEW, 1))).isEmpty();

    clock.advance(Duration.ofDays(4));
    SweepReport later = pipeline.sweepPreviews(SweepPolicy.of(prs));

    assertThat(later.previews())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.outcome()).isEqualTo(SweepReport.Outcome.DESTROYED);
              assertThat(e.reason()).contains("longer than its ttl of 3d");
            });
    assertThat(t.deployer().destroys()).hasSize(2);
    assertThat(ledger.history(PREVIEW))
        .extracting(DeploymentRecord::state)
        .containsOnly(DeploymentState.INACTIVE);
  }
}
