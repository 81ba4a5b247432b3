package dev.baton.spi;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.ReleaseVersion;
import java.util.Objects;

/** One environment an {@link EnvironmentResolver} selected, and what to do to it. */
public sealed interface Selection {
  /** {@return the environment, and pull request, selected} */
  DeploymentTarget target();

  /** {@return why it was selected, for humans} */
  String reason();

  /**
   * Deploy a commit's build (its {@code sha-} tag).
   *
   * @param target where
   * @param commit whose build
   * @param reason why
   */
  record Deploy(DeploymentTarget target, CommitSha commit, String reason) implements Selection {
    /**
     * Checks that nothing is null.
     *
     * @param target where
     * @param commit whose build
     * @param reason why
     */
    public Deploy {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(commit, "commit");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Deploy a commit's build under its release tag (promoting it first).
   *
   * @param target where
   * @param commit the released commit
   * @param version the release tag
   * @param reason why
   */
  record DeployRelease(
      DeploymentTarget target, CommitSha commit, ReleaseVersion version, String reason)
      implements Selection {
    /**
     * Checks that nothing is null.
     *
     * @param target where
     * @param commit the released commit
     * @param version the release tag
     * @param reason why
     */
    public DeployRelease {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(commit, "commit");
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Destroy a target, with the identity its deploy had.
   *
   * @param target what
   * @param reason why
   */
  record Destroy(DeploymentTarget target, String reason) implements Selection {
    /**
     * Checks that nothing is null.
     *
     * @param target what
     * @param reason why
     */
    public Destroy {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(reason, "reason");
    }
  }
}
