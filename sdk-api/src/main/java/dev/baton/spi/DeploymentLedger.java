package dev.baton.spi;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What digest ran where, and when: the memory that lets prod check what staging ran, a rollback
 * find the previous digest, and a rebuild be noticed. The in-memory default is {@link
 * dev.baton.InMemoryDeploymentLedger}; GitHub Deployments is the shared one.
 *
 * <p>Implementations are safe for concurrent use. {@link #recordBuild} is first-writer-wins.
 */
public interface DeploymentLedger {
  /**
   * Records the image of a commit's build unless one is already recorded.
   *
   * @param commit the commit
   * @param image its pinned build reference
   * @return the record that stands: the earlier one if any (compare its digest), else the new one
   */
  BuildRecord recordBuild(CommitSha commit, ImageReference image);

  /**
   * @param commit a commit
   * @return its recorded build
   */
  Optional<BuildRecord> build(CommitSha commit);

  /**
   * Records the start of a deployment.
   *
   * @param target where
   * @param commit which commit
   * @param image the pinned image
   * @param variables the per-deploy variables
   * @return the record, {@link DeploymentState#IN_PROGRESS}
   */
  DeploymentRecord begin(
      DeploymentTarget target,
      CommitSha commit,
      ImageReference image,
      Map<String, String> variables);

  /**
   * Records how a deployment ended. A {@link DeploymentState#SUCCESS} makes the target's earlier
   * successes {@link DeploymentState#INACTIVE}.
   *
   * @param deployment a record from {@link #begin}
   * @param state {@link DeploymentState#SUCCESS} or {@link DeploymentState#FAILURE}
   * @param url the environment URL; empty when unknown
   * @return the updated record
   */
  DeploymentRecord finish(DeploymentRecord deployment, DeploymentState state, String url);

  /**
   * Marks the successful deployments of a target inactive (its preview was destroyed); failures
   * stay failures.
   *
   * @param target the target destroyed
   */
  void deactivate(DeploymentTarget target);

  /**
   * @param environment an environment
   * @return its deployments, every target and state, newest first
   */
  List<DeploymentRecord> history(EnvironmentName environment);

  /**
   * @param target a target
   * @return its newest successful deployment that is still active
   */
  default Optional<DeploymentRecord> current(DeploymentTarget target) {
    return history(target.environment()).stream()
        .filter(d -> d.target().equals(target) && d.state() == DeploymentState.SUCCESS)
        .findFirst();
  }

  /**
   * @param environment an environment
   * @param digest a digest
   * @return whether that environment ever ran that digest successfully
   */
  default boolean hasSucceeded(EnvironmentName environment, Digest digest) {
    return history(environment).stream()
        .anyMatch(
            d ->
                d.digest().equals(digest)
                    && (d.state() == DeploymentState.SUCCESS
                        || d.state() == DeploymentState.INACTIVE));
  }
}
