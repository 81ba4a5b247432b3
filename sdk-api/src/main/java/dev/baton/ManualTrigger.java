package dev.baton;

import java.util.Objects;

/**
 * A request made by hand or by a platform: deploy a commit to an environment, release a version, or
 * destroy a per-PR instance.
 *
 * @param operation what to do
 * @param target where
 * @param commit the commit to deploy or release; {@code null} for {@link Operation#DESTROY}
 * @param version the release version for {@link Operation#RELEASE}; {@code null} otherwise
 * @param reason why, for the plan
 */
public record ManualTrigger(
    Operation operation,
    DeploymentTarget target,
    CommitSha commit,
    ReleaseVersion version,
    String reason)
    implements Trigger {
  /** The manual operations. */
  public enum Operation {
    /** Deploy a commit's build to one environment. */
    DEPLOY,
    /** Tag a commit's build as a release and deploy it to the environments releases go to. */
    RELEASE,
    /** Destroy one target. */
    DESTROY
  }

  /**
   * Checks that each operation has what it needs.
   *
   * @param operation what to do
   * @param target where
   * @param commit the commit to deploy or release; {@code null} for {@link Operation#DESTROY}
   * @param version the release version for {@link Operation#RELEASE}; {@code null} otherwise
   * @param reason why, for the plan
   */
  public ManualTrigger {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(reason, "reason");
    if (operation != Operation.DESTROY && commit == null) {
      throw new IllegalArgumentException(operation + " needs a commit");
    }
    if ((operation == Operation.RELEASE) != (version != null)) {
      throw new IllegalArgumentException("a release version goes with RELEASE, and only with it");
    }
  }

  /**
   * @param target where to deploy
   * @param commit which commit's build
   * @return a manual deploy
   */
  public static ManualTrigger deploy(DeploymentTarget target, CommitSha commit) {
    return new ManualTrigger(Operation.DEPLOY, target, commit, null, "manual deploy");
  }

  /**
   * @param target the first environment releases go to (staging by default)
   * @param version the release version to tag
   * @param commit the released commit
   * @return a manual release
   */
  public static ManualTrigger release(
      DeploymentTarget target, ReleaseVersion version, CommitSha commit) {
    return new ManualTrigger(Operation.RELEASE, target, commit, version, "manual release");
  }

  /**
   * @param target what to destroy
   * @return a manual destroy
   */
  public static ManualTrigger destroy(DeploymentTarget target) {
    return new ManualTrigger(Operation.DESTROY, target, null, null, "manual destroy");
  }

  @Override
  public String event() {
    return "manual";
  }

  @Override
  public String describe() {
    return "manual "
        + operation.name().toLowerCase(java.util.Locale.ROOT)
        + " "
        + target
        + (commit == null ? "" : " at " + commit.shortForm())
        + (version == null ? "" : " as " + version);
  }
}
