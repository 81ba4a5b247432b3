package dev.baton.flow;

import static dev.baton.flow.Events.onDev;
import static dev.baton.flow.Events.pr;
import static dev.baton.flow.Events.published;
import static dev.baton.flow.Events.pushToMain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.ActionType;
import dev.baton.CommitSha;
import dev.baton.ConfigurationException;
import dev.baton.NotFoundException;
import dev.baton.Plan;
import dev.baton.PlannedAction;
import dev.baton.PromotionPipeline;
import dev.baton.testkit.TestPipeline;
import org.junit.jupiter.api.Test;

/** Plans are typed, side-effect free, and print as stable JSON. */
class PlanTest {
  private final TestPipeline t = TestPipeline.create();

  @Test
  void pushToMain_plansDeployLatestAndDraft() {
    CommitSha commit = t.pushBuild();
    Plan plan = t.pipeline().plan(pushToMain(commit));
    assertThat(plan.actions())
        .extracting(a -> a.type())
        .containsExactly(ActionType.DEPLOY, ActionType.TAG, ActionType.DRAFT_RELEASE);
    assertThat(t.deployer().deploys()).isEmpty();
    assertThat(t.registry().tagWrites()).isEmpty();
    assertThat(t.releases().releases()).isEmpty();
  }

  @Test
  void release_plansTagStagingApprovalProd() {
    CommitSha commit = onDev(t);
    Plan plan = t.pipeline().plan(published("1.4.0", commit));
    assertThat(plan.actions())
        .extracting(a -> a.type().wireName())
        .containsExactly("tag", "deploy", "await-approval", "deploy");
    assertThat(plan.actions().get(1))
        .isInstanceOfSatisfying(
            PlannedAction.Deploy.class,
            d ->
                assertThat(d.image().toString())
                    .startsWith(TestPipeline.REPOSITORY + ":1.4.0@sha256:"));
  }

  @Test
  void toJson_hasTheStableFieldNames() {
    CommitSha commit = t.pushBuild();
    String json = t.pipeline().plan(pr(5, "opened", "", commit, "deploy")).toJson();
    assertThat(json)
        .startsWith(
            "{\"event\":\"pull_request\",\"trigger\":\"pull_request #5 opened\",\"reason\":")
        .contains(
            "\"actions\":[{\"type\":\"deploy\",\"environment\":\"preview\",\"instance\":\"5\","
                + "\"stack\":\"preview\",\"image\":\""
                + TestPipeline.REPOSITORY
                + ":sha-"
                + commit
                + "\",\"digest\":\"sha256:")
        .contains("\"variables\":{\"PR_NUMBER\":\"5\"}");
  }

  @Test
  void offlinePlan_makesNoProviderCallAndLeavesDigestsUnresolved() {
    CommitSha commit = CommitSha.parse("abcdefabcdefabcdefabcdefabcdefabcdefabcd");
    Plan plan = t.pipeline().planOffline(pushToMain(commit));
    assertThat(t.registry().resolveCalls()).isZero();
    assertThat(plan.toJson()).contains("\"digest\":null");
  }

  @Test
  void run_readsTheBuildOnce_andTheLatestTagOnceAfterWritingIt() {
    CommitSha commit = t.pushBuild();
    int before = t.registry().resolveCalls();
    t.pipeline().run(pushToMain(commit));
    // the plan reads sha-<commit>; the executor reuses it; latest is read back once after its write
    assertThat(t.registry().resolveCalls() - before).isEqualTo(2);
  }

  @Test
  void releaseTagAlreadyThere_costsOneReadAndNoWrite() {
    CommitSha commit = onDev(t);
    t.pipeline().run(published("2.0.0", commit));
    int reads = t.registry().resolveCalls();
    int writes = t.registry().tagWrites().size();
    int calls = t.registry().tagCalls().size();

    var result = t.pipeline().run(published("2.0.0", commit));

    assertThat(result.outcomes().get(0).detail()).startsWith("already present");
    assertThat(t.registry().tagWrites()).hasSize(writes);
    // plan: build + release-tag check; executor: the release tag's one check is the registry's
    // own, inside tag(), which finds it in place; nothing written, nothing read back
    assertThat(t.registry().resolveCalls() - reads).isEqualTo(2);
    assertThat(t.registry().tagCalls().subList(calls, t.registry().tagCalls().size()))
        .extracting(w -> w.result().name())
        .containsExactly("ALREADY_PRESENT");
  }

  @Test
  void missingBuild_isNotFoundWithTheSeedHint() {
    CommitSha commit = CommitSha.parse("abcdefabcdefabcdefabcdefabcdefabcdefabcd");
    assertThatThrownBy(() -> t.pipeline().plan(pushToMain(commit)))
        .isInstanceOfSatisfying(
            NotFoundException.class,
            e -> {
              assertThat(e.getMessage()).contains("sha-" + commit);
              assertThat(e.hint()).contains("tag does not exist");
            });
  }

  @Test
  void nothingToDo_isAnEmptyPlanWithTheReason() {
    CommitSha commit = t.pushBuild();
    Plan plan = t.pipeline().plan(pr(5, "opened", "", commit));
    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.toJson()).contains("\"actions\":[]").contains("no \\\"deploy\\\" label");
  }

  @Test
  void builder_namesEveryMissingPiece() {
    assertThatThrownBy(() -> PromotionPipeline.builder().build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("repository(")
        .hasMessageContaining("registry(")
        .hasMessageContaining("deployer(")
        .hasMessageContaining("releases(")
        .hasMessageContaining("approvals(");
  }
}
