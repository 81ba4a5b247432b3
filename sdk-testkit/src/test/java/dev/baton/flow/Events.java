package dev.baton.flow;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
import dev.baton.ManualTrigger;
import dev.baton.PromotionPipeline;
import dev.baton.PullRequestTrigger;
import dev.baton.PushTrigger;
import dev.baton.ReleaseTrigger;
import dev.baton.ReleaseVersion;
import dev.baton.testkit.TestPipeline;
import java.util.Set;

/** Triggers as the seed's events produce them, for the flow tests. */
final class Events {
  static final EnvironmentName PREVIEW = EnvironmentName.parse("preview");
  static final EnvironmentName DEV = EnvironmentName.parse("dev");
  static final EnvironmentName STAGING = EnvironmentName.parse("staging");
  static final EnvironmentName PROD = EnvironmentName.parse("prod");

  private Events() {}

  static PushTrigger pushToMain(CommitSha commit) {
    return new PushTrigger("refs/heads/main", commit, "main", false);
  }

  static ReleaseTrigger published(String version, CommitSha commit) {
    return new ReleaseTrigger("published", ReleaseVersion.parse(version), commit, false, false);
  }

  static PullRequestTrigger pr(
      int number, String action, String changedLabel, CommitSha commit, String... labels) {
    boolean open = !action.equals("closed");
    return new PullRequestTrigger(
        number, action, Set.of(labels), changedLabel, commit, commit, false, open);
  }

  /**
   * @param t the pipeline under test
   * @return a commit CI built and a push to main then deployed to dev
   */
  static CommitSha onDev(TestPipeline t) {
    return onDev(t, t.pipeline());
  }

  /**
   * @param t the fakes, whose registry gets the build
   * @param pipeline the pipeline under test, built from {@code t}'s fakes
   * @return a commit CI built and a push to main then deployed to dev through {@code pipeline}
   */
  static CommitSha onDev(TestPipeline t, PromotionPipeline pipeline) {
    CommitSha commit = t.pushBuild();
    pipeline.run(pushToMain(commit));
    return commit;
  }

  /**
   * @param t the fakes, whose registry gets the build
   * @param pipeline the pipeline under test, built from {@code t}'s fakes
   * @return a commit deployed to dev, then to staging by hand, so that prod is all that is left
   */
  static CommitSha onStaging(TestPipeline t, PromotionPipeline pipeline) {
    CommitSha commit = onDev(t, pipeline);
    pipeline.run(ManualTrigger.deploy(target(STAGING), commit));
    return commit;
  }

  static DeploymentTarget target(EnvironmentName env) {
    return DeploymentTarget.of(env);
  }
}
