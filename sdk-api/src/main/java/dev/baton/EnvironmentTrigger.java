package dev.baton;

import java.util.Objects;

/** What selects an environment in the environment table. */
public sealed interface EnvironmentTrigger {
  /**
   * A pull request carrying a label: deploy while it has it, destroy when it is removed or the pull
   * request closes.
   *
   * @param label the label, {@code deploy} in the seed
   */
  record PullRequestLabel(String label) implements EnvironmentTrigger {
    /**
     * Checks the label is not blank.
     *
     * @param label the label, {@code deploy} in the seed
     */
    public PullRequestLabel {
      if (Objects.requireNonNull(label, "label").isBlank()) {
        throw new IllegalArgumentException("pull request label must not be blank");
      }
    }
  }

  /**
   * A push to a branch.
   *
   * @param branch the branch name; empty means the repository's default branch
   */
  record Push(String branch) implements EnvironmentTrigger {
    /**
     * Checks the branch is not null.
     *
     * @param branch the branch name; empty means the repository's default branch
     */
    public Push {
      Objects.requireNonNull(branch, "branch");
    }
  }

  /**
   * A release being published.
   *
   * @param includePrereleases whether pre-releases deploy too
   */
  record ReleasePublished(boolean includePrereleases) implements EnvironmentTrigger {}

  /**
   * Deployed right after another environment in the same run, with the same image.
   *
   * @param upstream the environment it follows
   */
  record After(EnvironmentName upstream) implements EnvironmentTrigger {
    /**
     * Checks the upstream is not null.
     *
     * @param upstream the environment it follows
     */
    public After {
      Objects.requireNonNull(upstream, "upstream");
    }
  }

  /** Only by a {@link ManualTrigger}. */
  record Manual() implements EnvironmentTrigger {}

  /**
   * @param label the pull request label
   * @return the trigger
   */
  static EnvironmentTrigger pullRequestLabel(String label) {
    return new PullRequestLabel(label);
  }

  /** {@return a push to the repository's default branch} */
  static EnvironmentTrigger pushToDefaultBranch() {
    return new Push("");
  }

  /**
   * @param branch a branch name
   * @return a push to that branch
   */
  static EnvironmentTrigger pushTo(String branch) {
    return new Push(branch);
  }

  /** {@return a published release, pre-releases excluded} */
  static EnvironmentTrigger releasePublished() {
    return new ReleasePublished(false);
  }

  /**
   * @param upstream the environment to follow
   * @return deploy after it
   */
  static EnvironmentTrigger after(String upstream) {
    return new After(EnvironmentName.parse(upstream));
  }

  /** {@return a trigger no event fires: the environment is deployed on request} */
  static EnvironmentTrigger manual() {
    return new Manual();
  }
}
