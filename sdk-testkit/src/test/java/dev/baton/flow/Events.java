package dev.baton.flow;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.EnvironmentName;
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
    return new PullRequestTrigger(
        number, action, Set.of(labels), changedLabel, commit, commit, false);
  }

  /**
   * @param t the pipeline under test
   * @return a commit CI built and a push to main then deployed to dev
   */
  static CommitSha onDev(TestPipeline t) {
    CommitSha commit = t.pushBuild();
    t.pipeline().run(pushToMain(commit));
    return commit;
  }

  static DeploymentTarget target(EnvironmentName env) {
    return DeploymentTarget.of(env);
  }
}
