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

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.ManualTrigger;
import dev.baton.Plan;
import dev.baton.PromotionPipeline;
import dev.baton.ReleaseVersion;
import dev.baton.testkit.FakeDeploymentVerifier;
import dev.baton.testkit.TestPipeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The plan's JSON and text for a representative set of triggers, byte for byte: its field names,
 * order and values are a stable interface that scripts and reviews read.
 */
class PlanGoldenTest {
  private static final CommitSha OFFLINE =
      CommitSha.parse("abcdefabcdefabcdefabcdefabcdefabcdefabcd");

  /** A fresh set of fakes, so builds and digests are the same on every run. */
  private static Plan plan(Function<TestPipeline, Plan> scenario) {
    return scenario.apply(TestPipeline.create());
  }

  private static PromotionPipeline verified(TestPipeline t) {
    return t.builder().verifier(new FakeDeploymentVerifier()).build();
  }

  static Plan pushToMainPlan(TestPipeline t) {
    return t.pipeline().plan(pushToMain(t.pushBuild()));
  }

  static Plan pushToMainVerifiedPlan(TestPipeline t) {
    return verified(t).plan(pushToMain(t.pushBuild()));
  }

  static Plan releasePublishedPlan(TestPipeline t) {
    CommitSha commit = onDev(t);
    return t.pipeline().plan(published("1.4.0", commit));
  }

  static Plan pullRequestLabeledPlan(TestPipeline t) {
    return t.pipeline().plan(pr(7, "labeled", "deploy", t.pushBuild(), "deploy"));
  }

  static Plan pullRequestClosedPlan(TestPipeline t) {
    CommitSha commit = t.pushBuild();
    t.pipeline().run(pr(7, "labeled", "deploy", commit, "deploy"));
    return t.pipeline().plan(pr(7, "closed", "", commit));
  }

  static Plan pullRequestWithoutLabelPlan(TestPipeline t) {
    return t.pipeline().plan(pr(8, "opened", "", t.pushBuild()));
  }

  static Plan manualDeployPlan(TestPipeline t) {
    return t.pipeline().plan(ManualTrigger.deploy(target(DEV), t.pushBuild()));
  }

  static Plan manualReleasePlan(TestPipeline t) {
    CommitSha commit = onDev(t);
    return t.pipeline()
        .plan(ManualTrigger.release(target(STAGING), ReleaseVersion.parse("2.0.0"), commit));
  }

  static Plan manualDestroyPlan(TestPipeline t) {
    return t.pipeline().plan(ManualTrigger.destroy(DeploymentTarget.pullRequest(PREVIEW, 3)));
  }

  static Plan rollbackPlan(TestPipeline t) {
    t.pipeline().run(pushToMain(t.pushBuild()));
    t.pipeline().run(pushToMain(t.pushBuild()));
    return t.pipeline().rollback(target(DEV)).plan();
  }

  static Plan rollbackWithApprovalAndVerifierPlan(TestPipeline t) {
    PromotionPipeline p = verified(t);
    for (String version : new String[] {"1.0.0", "1.1.0"}) {
      CommitSha commit = onDev(t, p);
      p.run(published(version, commit));
    }
    return p.rollback(target(PROD)).plan();
  }

  static Plan offlinePushPlan(TestPipeline t) {
    return t.pipeline().planOffline(pushToMain(OFFLINE));
  }

  static Plan offlineReleasePlan(TestPipeline t) {
    return t.pipeline().planOffline(published("3.0.0", OFFLINE));
  }

  @Test
  void pushToMain_isAsCaptured() {
    assertMatchesGolden("pushToMain", PlanGoldenTest::pushToMainPlan);
  }

  @Test
  void pushToMainVerified_isAsCaptured() {
    assertMatchesGolden("pushToMainVerified", PlanGoldenTest::pushToMainVerifiedPlan);
  }

  @Test
  void releasePublished_isAsCaptured() {
    assertMatchesGolden("releasePublished", PlanGoldenTest::releasePublishedPlan);
  }

  @Test
  void pullRequestLabeled_isAsCaptured() {
    assertMatchesGolden("pullRequestLabeled", PlanGoldenTest::pullRequestLabeledPlan);
  }

  @Test
  void pullRequestClosed_isAsCaptured() {
    assertMatchesGolden("pullRequestClosed", PlanGoldenTest::pullRequestClosedPlan);
  }

  @Test
  void pullRequestWithoutLabel_isAsCaptured() {
    assertMatchesGolden("pullRequestWithoutLabel", PlanGoldenTest::pullRequestWithoutLabelPlan);
  }

  @Test
  void manualDeploy_isAsCaptured() {
    assertMatchesGolden("manualDeploy", PlanGoldenTest::manualDeployPlan);
  }

  @Test
  void manualRelease_isAsCaptured() {
    assertMatchesGolden("manualRelease", PlanGoldenTest::manualReleasePlan);
  }

  @Test
  void manualDestroy_isAsCaptured() {
    assertMatchesGolden("manualDestroy", PlanGoldenTest::manualDestroyPlan);
  }

  @Test
  void rollback_isAsCaptured() {
    assertMatchesGolden("rollback", PlanGoldenTest::rollbackPlan);
  }

  @Test
  void rollbackWithApprovalAndVerifier_isAsCaptured() {
    assertMatchesGolden(
        "rollbackWithApprovalAndVerifier", PlanGoldenTest::rollbackWithApprovalAndVerifierPlan);
  }

  @Test
  void offlinePush_isAsCaptured() {
    assertMatchesGolden("offlinePush", PlanGoldenTest::offlinePushPlan);
  }

  @Test
  void offlineRelease_isAsCaptured() {
    assertMatchesGolden("offlineRelease", PlanGoldenTest::offlineReleasePlan);
  }

  /**
   * Compares the plan with {@code plans/<name>.json} and {@code .txt}, captured from the class this
   * test guards (the files end in one newline the plan does not have), and checks that the same
   * scenario planned again is an equal plan.
   */
  private static void assertMatchesGolden(String name, Function<TestPipeline, Plan> scenario) {
    Plan plan = plan(scenario);
    assertThat(plan.toJson()).isEqualTo(golden(name + ".json"));
    assertThat(plan.toString()).isEqualTo(golden(name + ".txt"));
    Plan again = plan(scenario);
    assertThat(again).isEqualTo(plan).hasSameHashCodeAs(plan);
    assertThat(again.actions()).isEqualTo(plan.actions());
  }

  private static String golden(String file) {
    try (InputStream in = PlanGoldenTest.class.getResourceAsStream("/plans/" + file)) {
      assertThat(in).as(file).isNotNull();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
