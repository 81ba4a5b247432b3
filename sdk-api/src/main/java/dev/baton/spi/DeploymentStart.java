package dev.baton.spi;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.ImageReference;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a deployment starts with, as {@link DeploymentLedger#begin} records it: where, which commit,
 * the pinned image, and the per-deploy variables. It checks its parts once, so that no ledger
 * repeats the checks and every ledger refuses the same inputs with the same message.
 *
 * <pre>{@code
 * DeploymentRecord d =
 *     ledger.begin(new DeploymentStart(target, commit, image, Map.of("PR_NUMBER", "42")), fence);
 * }</pre>
 *
 * @param target where
 * @param commit the commit deployed
 * @param image the image deployed, pinned to its digest (invariant 1: identity is the digest)
 * @param variables the per-deploy variables it runs with (a destroy repeats them)
 */
public record DeploymentStart(
    DeploymentTarget target,
    CommitSha commit,
    ImageReference image,
    Map<String, String> variables) {
  /**
   * Checks that nothing is null and the image is pinned, and copies the variables.
   *
   * @param target where
   * @param commit the commit deployed
   * @param image the image deployed, pinned to its digest
   * @param variables the per-deploy variables; no key or value may be null
   * @throws NullPointerException when a part, or a variable's key or value, is null
   * @throws IllegalArgumentException when the image is not pinned to a digest
   */
  public DeploymentStart {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(image, "image");
    variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
    if (!image.isPinned()) {
      throw new IllegalArgumentException("deployment image " + image + " is not pinned");
    }
  }

  /** {@return the digest deployed} */
  public Digest digest() {
    return image.digest().orElseThrow();
  }

  /**
   * The record a ledger returns from {@link DeploymentLedger#begin}: this start, {@link
   * DeploymentState#IN_PROGRESS}, with no URL yet.
   *
   * @param id the ledger's identifier of the deployment
   * @param at when it started
   * @return the record
   */
  public DeploymentRecord record(String id, Instant at) {
    return new DeploymentRecord(
        id, target, commit, image, variables, DeploymentState.IN_PROGRESS, at, "");
  }
}
