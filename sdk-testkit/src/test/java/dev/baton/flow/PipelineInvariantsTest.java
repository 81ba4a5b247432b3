package dev.baton.flow;

import static dev.baton.flow.Events.DEV;
import static dev.baton.flow.Events.PREVIEW;
import static dev.baton.flow.Events.PROD;
import static dev.baton.flow.Events.STAGING;
import static dev.baton.flow.Events.onDev;
import static dev.baton.flow.Events.pr;
import static dev.baton.flow.Events.published;
import static dev.baton.flow.Events.pushToMain;
import static dev.baton.flow.Events.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.baton.ApprovalMissingException;
import dev.baton.CommitSha;
import dev.baton.DeploymentFailedException;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.ImageReference;
import dev.baton.PlannedAction;
import dev.baton.ProviderException;
import dev.baton.RebuildDetectedException;
import dev.baton.Tag;
import dev.baton.TagConflictException;
import dev.baton.UpstreamNotDeployedException;
import dev.baton.spi.ApprovalDecision;
import dev.baton.spi.DeployRequest;
import dev.baton.spi.DeploymentState;
import dev.baton.spi.ResolvedImage;
import dev.baton.testkit.TestPipeline;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each of the six invariants, through the public API, with the testkit's fakes. Every test here
 * fails if the facade stops enforcing its invariant (the fakes do not enforce them).
 */
class PipelineInvariantsTest {
  private final TestPipeline t = TestPipeline.create();

  private static ImageReference tagged(String tag) {
    return TestPipeline.REPOSITORY.withTag(Tag.parse(tag));
  }

  /**
   * The release tag was written once, by the first run, and the re-run found it in place: two
   * calls, one write.
   */
  private void assertWrittenOnceThenFound(String tag) {
    assertThat(t.registry().tagWrites())
        .filteredOn(w -> w.reference().tag().get().value().equals(tag))
        .hasSize(1);
    assertThat(t.registry().tagCalls())
        .filteredOn(w -> w.reference().tag().get().value().equals(tag))
        .extracting(w -> w.result().name())
        .containsExactly("CREATED", "ALREADY_PRESENT");
  }

  private static PlannedAction.Deploy deployOf(PlannedAction action) {
    assertThat(action).isInstanceOf(PlannedAction.Deploy.class);
    return (PlannedAction.Deploy) action;
  }

  @Nested
  class DigestIsTheIdentity {
    @Test
    void everyDeploy_receivesADigestPinnedReference() {
      CommitSha commit = onDev(t);
      t.releases().publish(t.releases().releases().get(0).version());
      t.pipeline().run(published(t.releases().releases().get(0).version().tag(), commit));

      List<DeployRequest> deploys = t.deployer().deploys();
      assertThat(deploys)
          .extracting(d -> d.target().environment())
          .containsExactly(DEV, STAGING, PROD);
      Digest digest = t.registry().digestOf(tagged("sha-" + commit)).orElseThrow();
      assertThat(deploys)
          .allSatisfy(
              d -> {
                assertThat(d.image().isPinned()).isTrue();
                assertThat(d.image().digest()).contains(digest);
              });
    }

    @Test
    void aTagMovedAfterPlanning_doesNotChangeWhatDeploys() {
      CommitSha commit = t.pushBuild();
      var plan = t.pipeline().plan(pushToMain(commit));
      Digest planned = deployOf(plan.actions().get(0)).image().digest().orElseThrow();
      ResolvedImage rebuilt = t.pushBuild(commit); // sha-<commit> moved after the plan

      assertThatThrownBy(() -> t.pipeline().execute(plan))
          .isInstanceOfSatisfying(
              RebuildDetectedException.class,
              e -> {
                assertThat(e.recorded()).isEqualTo(planned);
                assertThat(e.seen()).isEqualTo(rebuilt.digest());
              });
      assertThat(t.deployer().deploys()).isEmpty();
    }

    @Test
    void anOfflinePlan_cannotBeExecuted() {
      CommitSha commit = t.pushBuild();
      var plan = t.pipeline().planOffline(pushToMain(commit));
      assertThat(deployOf(plan.actions().get(0)).image().isPinned()).isFalse();
      assertThatThrownBy(() -> t.pipeline().execute(plan))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("offline");
      assertThat(t.deployer().deploys()).isEmpty();
    }
  }

  @Nested
  class OneCommitOneDigest {
    @Test
    void rebuildOfADeployedCommit_isRefusedAndNothingDeploys() {
      CommitSha commit = onDev(t);
      int deploysBefore = t.deployer().deploys().size();
      ResolvedImage rebuilt = t.pushBuild(commit);

      assertThatThrownBy(() -> t.pipeline().run(pushToMain(commit)))
          .isInstanceOfSatisfying(
              RebuildDetectedException.class,
              e -> {
                assertThat(e.commit()).isEqualTo(commit);
                assertThat(e.seen()).isEqualTo(rebuilt.digest());
                assertThat(e.hint()).contains("push a new commit");
              });
      assertThat(t.deployer().deploys()).hasSize(deploysBefore);
    }

    @Test
    void registerBuild_recordsTheFirstDigestAndRefusesAnother() {
      CommitSha commit = t.pushBuild();
      var first = t.pipeline().registerBuild(commit);
      assertThat(t.pipeline().registerBuild(commit)).isEqualTo(first);
      t.pushBuild(commit);
      assertThatThrownBy(() -> t.pipeline().registerBuild(commit))
          .isInstanceOf(RebuildDetectedException.class);
    }

    @Test
    void theShortShaTag_isFoundWhenTheLongOneIsMissing() {
      CommitSha commit = CommitSha.parse("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
      ResolvedImage build = t.registry().pushImage(tagged("sha-a1b2c3d"));
      t.pipeline().run(pushToMain(commit));
      assertThat(t.deployer().deploys().get(0).image().digest()).contains(build.digest());
    }
  }

  @Nested
  class PromotionIsARetag {
    @Test
    void release_tagsTheDevDigestWithoutAnyPush() {
      CommitSha commit = onDev(t);
      t.pipeline().run(published("1.2.3", commit));

      Digest build = t.registry().digestOf(tagged("sha-" + commit)).orElseThrow();
      assertThat(t.registry().digestOf(tagged("1.2.3"))).contains(build);
      assertThat(t.registry().digestOf(tagged("latest"))).contains(build);
      assertThat(t.registry().tagWrites())
          .extracting(w -> w.reference().tag().orElseThrow().value())
          .containsExactly("latest", "1.2.3");
    }

    @Test
    void releaseTagPointingElsewhere_isAConflictAndNothingChanges() {
      CommitSha commit = onDev(t);
      ResolvedImage other = t.registry().pushImage(tagged("1.2.3"));
      int writes = t.registry().tagWrites().size();
      int deploys = t.deployer().deploys().size();

      assertThatThrownBy(() -> t.pipeline().run(published("1.2.3", commit)))
          .isInstanceOfSatisfying(
              TagConflictException.class, e -> assertThat(e.existing()).isEqualTo(other.digest()));
      assertThat(t.registry().digestOf(tagged("1.2.3"))).contains(other.digest());
      assertThat(t.registry().tagWrites()).hasSize(writes);
      assertThat(t.deployer().deploys()).hasSize(deploys);
    }

    @Test
    void releaseTagAlreadyOnTheDigest_isSuccessWithoutAWrite() {
      CommitSha commit = onDev(t);
      t.pipeline().run(published("v2.0.0", commit));
      int writes = t.registry().tagWrites().size();
      int calls = t.registry().tagCalls().size();

      t.pipeline().run(published("v2.0.0", commit));

      assertThat(t.registry().tagWrites()).hasSize(writes);
      assertThat(t.registry().tagCalls().subList(calls, t.registry().tagCalls().size()))
          .extracting(w -> w.reference().tag().orElseThrow().value(), w -> w.result().name())
          .containsExactly(tuple("v2.0.0", "ALREADY_PRESENT"));
    }
  }

  @Nested
  class UpstreamAndApproval {
    @Test
    void releaseOfACommitDevNeverRan_isRefusedBeforeAnyWrite() {
      CommitSha commit = t.pushBuild();

      assertThatThrownBy(() -> t.pipeline().run(published("1.0.0", commit)))
          .isInstanceOfSatisfying(
              UpstreamNotDeployedException.class,
              e -> {
                assertThat(e.environment()).isEqualTo(STAGING);
                assertThat(e.upstream()).isEqualTo(DEV);
              });
      assertThat(t.registry().tagWrites()).isEmpty();
      assertThat(t.deployer().deploys()).isEmpty();
    }

    @Test
    void prodDirectly_isRefusedBeforeStagingRanTheDigest() {
      CommitSha commit = onDev(t);

      assertThatThrownBy(() -> t.pipeline().deploy(target(PROD), commit))
          .isInstanceOfSatisfying(
              UpstreamNotDeployedException.class, e -> assertThat(e.upstream()).isEqualTo(STAGING));
      assertThat(t.deployer().deploys())
          .extracting(d -> d.target().environment())
          .containsExactly(DEV);
    }

    @Test
    void prodWithoutApproval_isRefusedAndStagingStays() {
      CommitSha commit = onDev(t);
      t.approvals().rejectAll("alice", "not on a Friday");

      assertThatThrownBy(() -> t.pipeline().run(published("1.0.0", commit)))
          .isInstanceOfSatisfying(
              ApprovalMissingException.class,
              e -> {
                assertThat(e.environment()).isEqualTo(PROD);
                assertThat(e.getMessage()).contains("alice").contains("not on a Friday");
              });
      assertThat(t.deployer().deploys())
          .extracting(d -> d.target().environment())
          .containsExactly(DEV, STAGING);
      assertThat(t.approvals().requests())
          .singleElement()
          .satisfies(r -> assertThat(r.target().environment()).isEqualTo(PROD));
    }

    @Test
    void prodWithApproval_runsTheDigestStagingRan() {
      CommitSha commit = onDev(t);
      t.approvals().nextDecision(ApprovalDecision.approvedBy("bob"));

      var result = t.pipeline().run(published("1.0.0", commit));

      assertThat(result.outcomes())
          .anySatisfy(o -> assertThat(o.detail()).isEqualTo("approved by bob"));
      var staging = t.ledger().current(target(STAGING)).orElseThrow();
      var prod = t.ledger().current(target(PROD)).orElseThrow();
      var dev = t.ledger().current(target(DEV)).orElseThrow();
      assertThat(prod.digest()).isEqualTo(staging.digest()).isEqualTo(dev.digest());
      assertThat(prod.image().tag()).contains(Tag.parse("1.0.0"));
    }
  }

  @Nested
  class PreviewIdentity {
    @Test
    void destroyOnClose_carriesThePrNumberItsDeployHad() {
      CommitSha commit = t.pushBuild();
      t.pipeline().run(pr(42, "labeled", "deploy", commit, "deploy"));
      t.pipeline().run(pr(42, "closed", "", commit));

      assertThat(t.deployer().deploys())
          .singleElement()
          .satisfies(d -> assertThat(d.variables()).containsEntry("PR_NUMBER", "42"));
      assertThat(t.deployer().destroys())
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.variables()).isEqualTo(t.deployer().deploys().get(0).variables());
                assertThat(d.target()).isEqualTo(DeploymentTarget.pullRequest(PREVIEW, 42));
              });
      assertThat(t.ledger().current(DeploymentTarget.pullRequest(PREVIEW, 42))).isEmpty();
    }

    @Test
    void labelRemoved_destroysOnlyThatPullRequest() {
      CommitSha a = t.pushBuild();
      CommitSha b = t.pushBuild();
      t.pipeline().run(pr(1, "opened", "", a, "deploy"));
      t.pipeline().run(pr(2, "opened", "", b, "deploy"));
      t.pipeline().run(pr(1, "unlabeled", "deploy", a));

      assertThat(t.deployer().destroys())
          .singleElement()
          .satisfies(d -> assertThat(d.variables()).isEqualTo(Map.of("PR_NUMBER", "1")));
      assertThat(t.ledger().current(DeploymentTarget.pullRequest(PREVIEW, 2))).isPresent();
    }
  }

  @Nested
  class Idempotence {
    @Test
    void devRerunAfterDeployFailure_convergesWithOneDraftAndOneLatestWrite() {
      CommitSha commit = t.pushBuild();
      t.deployer().failNext(new DeploymentFailedException("apply failed", List.of("boom"), null));

      assertThatThrownBy(() -> t.pipeline().run(pushToMain(commit)))
          .isInstanceOf(DeploymentFailedException.class);
      assertThat(t.ledger().history(DEV))
          .singleElement()
          .satisfies(d -> assertThat(d.state()).isEqualTo(DeploymentState.FAILURE));
      assertThat(t.releases().releases()).isEmpty();

      t.pipeline().run(pushToMain(commit));
      t.pipeline().run(pushToMain(commit));

      assertThat(t.releases().creates()).isEqualTo(1);
      assertThat(t.releases().releases())
          .singleElement()
          .satisfies(r -> assertThat(r.commit()).isEqualTo(commit));
      assertThat(t.registry().tagWrites())
          .extracting(w -> w.result().name())
          .containsExactly("CREATED");
      // the third run asked for latest again and found it in place: a check, no write
      assertThat(t.registry().tagCalls())
          .extracting(w -> w.result().name())
          .containsExactly("CREATED", "ALREADY_PRESENT");
      assertThat(t.ledger().current(target(DEV))).isPresent();
    }

    @Test
    void releaseRerunAfterDraftFailure_convergesWithoutASecondDraft() {
      CommitSha commit = t.pushBuild();
      t.releases().failNext(ProviderException.retryable("GitHub answered 502", null));

      assertThatThrownBy(() -> t.pipeline().run(pushToMain(commit)))
          .isInstanceOf(ProviderException.class);
      t.pipeline().run(pushToMain(commit));

      assertThat(t.releases().creates()).isEqualTo(1);
    }

    @Test
    void releaseRerunAfterStagingFailure_convergesWithoutASecondTag() {
      CommitSha commit = onDev(t);
      t.deployer().failNext(new DeploymentFailedException("x", List.of(), null));
      assertThatThrownBy(() -> t.pipeline().run(published("1.0.0", commit)))
          .isInstanceOf(DeploymentFailedException.class);
      assertThat(t.ledger().current(target(STAGING))).isEmpty();

      t.pipeline().run(published("1.0.0", commit));

      assertWrittenOnceThenFound("1.0.0");
      assertThat(t.ledger().current(target(PROD))).isPresent();
      assertThat(t.ledger().current(target(STAGING))).isPresent();
    }
  }

  @Test
  void releaseRerunAfterRejectedApproval_convergesWithOneTagAndProdDeployed() {
    CommitSha commit = onDev(t);
    t.approvals().nextDecision(ApprovalDecision.rejectedBy("carol", "wait"));
    assertThatThrownBy(() -> t.pipeline().run(published("3.1.0", commit)))
        .isInstanceOf(ApprovalMissingException.class);

    t.pipeline().run(published("3.1.0", commit));

    assertWrittenOnceThenFound("3.1.0");
    assertThat(t.deployer().deploys())
        .extracting(d -> d.target().environment())
        .containsExactly(DEV, STAGING, STAGING, PROD);
    assertThat(t.deployer().deploys().get(2).image())
        .isEqualTo(t.deployer().deploys().get(1).image());
  }

  @Test
  void rollback_redeploysThePreviousDigest() {
    CommitSha first = onDev(t);
    CommitSha second = onDev(t);

    t.pipeline().rollback(target(DEV));

    var current = t.ledger().current(target(DEV)).orElseThrow();
    assertThat(current.commit()).isEqualTo(first);
    assertThat(t.deployer().deploys())
        .last()
        .satisfies(d -> assertThat(d.image().digest()).contains(current.digest()));
  }
}
