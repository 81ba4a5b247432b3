package dev.baton.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ApprovalMissingException;
import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.OlderCommitException;
import dev.baton.PipelineEvent;
import dev.baton.PipelineListener;
import dev.baton.PlannedAction;
import dev.baton.RunId;
import dev.baton.StackName;
import dev.baton.StaleWriteException;
import dev.baton.Tag;
import dev.baton.spi.DeploymentRecord;
import dev.baton.spi.DeploymentStart;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.Fence;
import dev.baton.spi.QuarantineRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The history the ledger keeps: who did what, when, to which commit and digest, and why. */
class PostgresHistoryTest {
  private static final EnvironmentName PREVIEW = EnvironmentName.parse("preview");
  private static final EnvironmentName PROD = EnvironmentName.parse("prod");
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  private static PostgresDeploymentLedger ledger() {
    return new PostgresDeploymentLedger(db.dataSource(), db.migratedSchema(), "alice");
  }

  @Test
  void history_recordsBuildsDeploysDestroysAndRefusals_newestFirst() {
    PostgresDeploymentLedger ledger = ledger();
    DeploymentTarget pr = DeploymentTarget.pullRequest(PREVIEW, 4);
    CommitSha commit = TestValues.commit();
    ImageReference image = TestValues.image(commit);
    ledger.recordBuild(commit, image);
    ledger.recordBuild(commit, TestValues.image(commit));
    Fence fence = Fence.of(3, Optional.empty());
    DeploymentRecord d =
        ledger.begin(new DeploymentStart(pr, commit, image, Map.of("A", "1")), fence);
    ledger.finish(d, DeploymentState.SUCCESS, "https://pr-4.example.test", fence);
    CommitSha stale = TestValues.commit();
    assertThatThrownBy(
            () ->
                ledger.begin(
                    new DeploymentStart(pr, stale, TestValues.image(stale), Map.of()),
                    Fence.of(2, Optional.empty())))
        .isInstanceOf(StaleWriteException.class);
    ledger.deactivate(pr, Fence.of(3, ledger.current(pr)));

    List<LedgerEvent> history =
        historyOf(
            ledger,
            LedgerEvent.Kind.DEACTIVATED,
            LedgerEvent.Kind.REFUSED,
            LedgerEvent.Kind.DEPLOY_SUCCEEDED,
            LedgerEvent.Kind.DEPLOY_STARTED,
            LedgerEvent.Kind.BUILD_RECORDED);
    assertThat(history).extracting(LedgerEvent::actor).containsOnly("alice");
    assertThat(history)
        .extracting(LedgerEvent::id)
        .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    LedgerEvent destroyed = history.get(0);
    assertThat(destroyed.target()).contains(pr);
    assertThat(destroyed.environment()).contains(PREVIEW);
    assertThat(destroyed.commit()).contains(commit);
    assertThat(destroyed.digest()).isEqualTo(image.digest());
    assertThat(destroyed.deployment()).contains(d.id());
    assertThat(destroyed.token()).isEqualTo(3);
    assertThat(destroyed.reason()).isEqualTo("destroyed");
    LedgerEvent refused = history.get(1);
    assertThat(refused.commit()).contains(stale);
    assertThat(refused.token()).isEqualTo(2);
    assertThat(refused.deployment()).isEmpty();
    assertThat(refused.reason())
        .contains("refused to record the start of a deployment to preview#4")
        .contains("token 3");
    assertThat(history.get(2).reason()).isEqualTo("https://pr-4.example.test");
    assertThat(history.get(3).deployment()).contains(d.id());
    assertThat(history.get(4).environment()).isEmpty();
    assertThat(history.get(4).digest()).isEqualTo(image.digest());
    assertThat(history).allSatisfy(e -> assertThat(e.at()).isBefore(Instant.now().plusSeconds(60)));
  }

  @Test
  void history_recordsQuarantinesAndReleases_withWhoAndBothReasons() {
    PostgresDeploymentLedger ledger = ledger();
    Digest digest = TestValues.image(TestValues.commit()).digest().orElseThrow();
    Instant at = Instant.parse("2026-03-02T10:15:30.123Z");
    ledger.quarantine(new QuarantineRecord(digest, "leaks memory", "bob", at));
    ledger.quarantine(new QuarantineRecord(digest, "again", "carol", at.plusSeconds(1)));
    ledger.release(new QuarantineRecord(digest, "fixed upstream", "dave", at.plusSeconds(2)));
    ledger.release(new QuarantineRecord(digest, "twice", "erin", at.plusSeconds(3)));

    List<LedgerEvent> history =
        historyOf(ledger, LedgerEvent.Kind.RELEASED, LedgerEvent.Kind.QUARANTINED);
    assertThat(history).extracting(LedgerEvent::actor).containsExactly("dave", "bob");
    assertThat(history).extracting(LedgerEvent::digest).containsOnly(Optional.of(digest));
    assertThat(history.get(0).reason())
        .isEqualTo("fixed upstream (quarantined by bob: leaks memory)");
    assertThat(history.get(1).reason()).isEqualTo("leaks memory");
  }

  @Test
  void history_filtersByEnvironmentTargetAndTime_andLimits() {
    PostgresDeploymentLedger ledger = ledger();
    DeploymentTarget pr1 = DeploymentTarget.pullRequest(PREVIEW, 1);
    DeploymentTarget pr2 = DeploymentTarget.pullRequest(PREVIEW, 2);
    DeploymentTarget prod = DeploymentTarget.of(PROD);
    TestValues.deploy(ledger, pr1, 1);
    TestValues.deploy(ledger, prod, 1);
    Instant middle = ledger.history(HistoryQuery.all()).get(0).at();
    TestValues.deploy(ledger, pr2, 1);

    assertThat(ledger.history(HistoryQuery.all())).hasSize(6);
    assertThat(ledger.history(HistoryQuery.all().environment(PREVIEW))).hasSize(4);
    assertThat(ledger.history(HistoryQuery.all().target(pr2)))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.target()).contains(pr2));
    assertThat(ledger.history(HistoryQuery.all().since(middle)))
        .extracting(e -> e.target().orElseThrow())
        .containsExactly(pr2, pr2, prod);
    assertThat(ledger.history(HistoryQuery.all().limit(1)))
        .singleElement()
        .satisfies(e -> assertThat(e.kind()).isEqualTo(LedgerEvent.Kind.DEPLOY_SUCCEEDED));
    assertThatThrownBy(() -> HistoryQuery.all().limit(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void historyListener_recordsTagWritesThatChangedApprovalsRejectionsAndRefusals_once() {
    PostgresDeploymentLedger ledger = ledger();
    PipelineListener listener = ledger.historyListener();
    DeploymentTarget prod = DeploymentTarget.of(PROD);
    CommitSha commit = TestValues.commit();
    ImageReference image = TestValues.image(commit);
    PlannedAction.Rollout rollout =
        new PlannedAction.Rollout(prod, StackName.parse("shop"), image, commit, Map.of());
    PlannedAction tag = new PlannedAction.ReleaseTag(image, Tag.parse("v1.2.0"), commit, "release");
    PlannedAction approval = new PlannedAction.AwaitApproval(rollout, "prod needs approval");
    PlannedAction deploy = new PlannedAction.Deploy(rollout, "promote");
    RunId approved = new RunId(UUID.randomUUID());
    RunId rejected = new RunId(UUID.randomUUID());
    RunId refusedWhilePlanning = new RunId(UUID.randomUUID());
    RunId staleWrite = new RunId(UUID.randomUUID());
    ApprovalMissingException missing = new ApprovalMissingException(PROD, "rejected by bob");
    StaleWriteException stale = new StaleWriteException("prod", "recorded by the ledger itself");

    listener.onEvent(new PipelineEvent.Succeeded(approved, tag, "v1.2.0 -> sha256:...", true));
    listener.onEvent(new PipelineEvent.Succeeded(approved, tag, "already in place", false));
    listener.onEvent(new PipelineEvent.Succeeded(approved, approval, "approved by carol", true));
    listener.onEvent(new PipelineEvent.Failed(rejected, approval, missing));
    listener.onEvent(PipelineEvent.RunFinished.failed(rejected, missing));
    listener.onEvent(
        PipelineEvent.RunFinished.failed(
            refusedWhilePlanning, new OlderCommitException(prod, commit, TestValues.commit())));
    listener.onEvent(new PipelineEvent.Failed(staleWrite, deploy, stale));
    listener.onEvent(PipelineEvent.RunFinished.failed(staleWrite, stale));

    List<LedgerEvent> history =
        historyOf(
            ledger,
            LedgerEvent.Kind.REFUSED,
            LedgerEvent.Kind.REJECTED,
            LedgerEvent.Kind.APPROVED,
            LedgerEvent.Kind.TAG_WRITTEN);
    LedgerEvent written = history.get(3);
    assertThat(written.commit()).contains(commit);
    assertThat(written.digest()).isEqualTo(image.digest());
    assertThat(written.target()).isEmpty();
    assertThat(written.reason()).startsWith("tag v1.2.0: ");
    assertThat(history.get(2).target()).contains(prod);
    assertThat(history.get(2).reason()).isEqualTo("approved by carol");
    assertThat(history.get(1).reason()).contains("rejected by bob");
    assertThat(history.get(0).target()).isEmpty();
    assertThat(history.get(0).actor()).isEqualTo("alice");
  }

  /** {@return the ledger's whole history, which must hold these kinds of entry, newest first} */
  private static List<LedgerEvent> historyOf(
      PostgresDeploymentLedger ledger, LedgerEvent.Kind... kinds) {
    List<LedgerEvent> history = ledger.history(HistoryQuery.all());
    assertThat(history).extracting(LedgerEvent::kind).containsExactly(kinds);
    return history;
  }
}
