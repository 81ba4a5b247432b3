package dev.baton.spi;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.ImageReference;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One deployment as the ledger holds it.
 *
 * @param id the ledger's identifier
 * @param target where
 * @param commit the commit deployed
 * @param image the pinned image deployed
 * @param variables the per-deploy variables it ran with (a destroy repeats them)
 * @param state its state
 * @param updatedAt when the state was last set
 * @param url the environment URL; empty when unknown
 */
public record DeploymentRecord(
    String id,
    DeploymentTarget target,
    CommitSha commit,
    ImageReference image,
    Map<String, String> variables,
    DeploymentState state,
    Instant updatedAt,
    String url) {
  /**
   * Checks that nothing is null and makes {@link DeploymentStart}'s checks of the target, commit,
   * image (pinned) and variables (copied).
   *
   * @param id the ledger's identifier
   * @param target where
   * @param commit the commit deployed
   * @param image the pinned image deployed
   * @param variables the per-deploy variables it ran with (a destroy repeats them)
   * @param state its state
   * @param updatedAt when the state was last set
   * @param url the environment URL; empty when unknown
   */
  public DeploymentRecord {
    Objects.requireNonNull(id, "id");
    variables = new DeploymentStart(target, commit, image, variables).variables();
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(url, "url");
  }

  /** {@return what this deployment started with: its target, commit, image and variables} */
  public DeploymentStart start() {
    return new DeploymentStart(target, commit, image, variables);
  }

  /** {@return the digest deployed} */
  public Digest digest() {
    return image.digest().orElseThrow();
  }

  /**
   * @param newState the new state
   * @param at when
   * @param newUrl the environment URL, or empty to keep the current one
   * @return a copy in the new state
   */
  public DeploymentRecord withState(DeploymentState newState, Instant at, String newUrl) {
    return new DeploymentRecord(
        id, target, commit, image, variables, newState, at, newUrl.isEmpty() ? url : newUrl);
  }
}
