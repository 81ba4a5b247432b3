package dev.baton.spi;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What digest ran where, and when: the memory that lets prod check what staging ran, a rollback
 * find the previous digest, and a rebuild be noticed. The in-memory default is {@link
 * dev.baton.InMemoryDeploymentLedger}; GitHub Deployments is the shared one.
 *
 * <p>Implementations are safe for concurrent use. {@link #recordBuild} is first-writer-wins. The
 * writes that change what a target runs take a {@link Fence}: the ledger makes them only if no
 * newer lease has written to the target and its current deployment is still the one the writer read
 * (compare-and-set), and otherwise throws {@link dev.baton.StaleWriteException}. A ledger shared by
 * several processes makes that check and the write one atomic step; {@code
 * DeploymentLedgerContract} in sdk-testkit is the behaviour every implementation must show.
 *
 * <p>The ledger also keeps the quarantined digests ({@link #quarantine}): digests no environment
 * may deploy or promote until they are {@linkplain #release released}. A ledger that has no honest
 * place for them throws {@link dev.baton.UnsupportedLedgerFeatureException} from {@link
 * #quarantine} and {@link #release}, and then holds none. The same holds for the approvals it keeps
 * ({@link #recordApproval}), which add up across runs to an environment's required count.
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
   * The checks every implementation of {@link #recordBuild} makes of its arguments before it writes
   * anything, and that {@link BuildRecord} makes of its own.
   *
   * @param commit the commit
   * @param image its build reference, which must be pinned
   * @return the image's digest
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when the image is not pinned to a digest
   */
  static Digest checkBuild(CommitSha commit, ImageReference image) {
    Objects.requireNonNull(commit, "commit");
    return Objects.requireNonNull(image, "image")
        .digest()
        .orElseThrow(() -> new IllegalArgumentException("build image " + image + " is not pinned"));
  }

  /**
   * @param commit a commit
   * @return its recorded build
   */
  Optional<BuildRecord> build(CommitSha commit);

  /**
   * Records the start of a deployment, with no condition.
   *
   * @param start where, which commit, the pinned image and the per-deploy variables
   * @return the record, {@link DeploymentState#IN_PROGRESS}
   */
  default DeploymentRecord begin(DeploymentStart start) {
    return begin(start, Fence.none());
  }

  /**
   * Records the start of a deployment if the fence holds, and remembers the fence's token as the
   * target's newest. The start's parts are checked when it is made, so an implementation has no
   * argument to check but the fence.
   *
   * @param start where, which commit, the pinned image and the per-deploy variables
   * @param fence the condition of the write
   * @return the record, {@link DeploymentState#IN_PROGRESS} (see {@link DeploymentStart#record})
   * @throws dev.baton.StaleWriteException when the fence no longer holds; nothing is recorded
   */
  DeploymentRecord begin(DeploymentStart start, Fence fence);

  /**
   * Records how a deployment ended, with no condition. A {@link DeploymentState#SUCCESS} makes the
   * target's earlier successes {@link DeploymentState#INACTIVE}.
   *
   * @param deployment a record from {@link #begin}
   * @param state {@link DeploymentState#SUCCESS} or {@link DeploymentState#FAILURE}
   * @param url the environment URL; empty when unknown
   * @return the updated record
   */
  default DeploymentRecord finish(DeploymentRecord deployment, DeploymentState state, String url) {
    return finish(deployment, state, url, Fence.none());
  }

  /**
   * Records how a deployment ended. A {@link DeploymentState#SUCCESS} is made only if the fence
   * holds (compare-and-set of the target's current deployment), and makes the target's earlier
   * successes {@link DeploymentState#INACTIVE}; a {@link DeploymentState#FAILURE} only marks this
   * record and is made whatever the fence.
   *
   * @param deployment a record from {@link #begin}
   * @param state {@link DeploymentState#SUCCESS} or {@link DeploymentState#FAILURE}
   * @param url the environment URL; empty when unknown
   * @param fence the condition of a success
   * @return the updated record
   * @throws dev.baton.StaleWriteException when a success's fence no longer holds; nothing is
   *     recorded
   */
  DeploymentRecord finish(
      DeploymentRecord deployment, DeploymentState state, String url, Fence fence);

  /**
   * The checks every implementation of {@link #finish(DeploymentRecord, DeploymentState, String,
   * Fence)} makes of its arguments before it writes anything.
   *
   * @param deployment a record from {@link #begin}
   * @param state the state it finishes in
   * @param url the environment URL; empty when unknown
   * @param fence the condition of a success
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException unless {@code state} is {@link DeploymentState#SUCCESS} or
   *     {@link DeploymentState#FAILURE}
   */
  static void checkFinish(
      DeploymentRecord deployment, DeploymentState state, String url, Fence fence) {
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(state, "state").requireFinal();
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(fence, "fence");
  }

  /**
   * Marks the successful deployments of a target inactive (its preview was destroyed), with no
   * condition; failures stay failures.
   *
   * @param target the target destroyed
   */
  default void deactivate(DeploymentTarget target) {
    deactivate(target, Fence.none());
  }

  /**
   * Marks the successful deployments of a target inactive if the fence holds; failures stay
   * failures.
   *
   * @param target the target destroyed
   * @param fence the condition of the write
   * @throws dev.baton.StaleWriteException when the fence no longer holds; nothing is changed
   */
  void deactivate(DeploymentTarget target, Fence fence);

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

  /**
   * Quarantines a digest unless it already is: first writer wins, as for builds.
   *
   * @param quarantine the digest, why, who and when
   * @return the quarantine that stands: the earlier one if the digest was already quarantined, else
   *     {@code quarantine}
   * @throws dev.baton.UnsupportedLedgerFeatureException when the ledger cannot keep quarantines
   */
  QuarantineRecord quarantine(QuarantineRecord quarantine);

  /**
   * Lifts a digest's quarantine, if it has one. The ledgers that keep a history record the release
   * there.
   *
   * @param release the digest, and who lifts its quarantine, why and when
   * @return the quarantine lifted; empty when the digest was not quarantined (nothing changes)
   * @throws dev.baton.UnsupportedLedgerFeatureException when the ledger cannot keep quarantines
   */
  Optional<QuarantineRecord> release(QuarantineRecord release);

  /**
   * @param digest a digest
   * @return its quarantine, if it is quarantined
   */
  Optional<QuarantineRecord> quarantined(Digest digest);

  /**
   * @return every quarantined digest's quarantine, newest first
   */
  List<QuarantineRecord> quarantines();

  /**
   * Records one person's approval of a digest for an environment unless that person's approval of
   * it is already recorded (the first stands).
   *
   * @param approval the environment, digest, commit, reviewer and when
   * @return the approval that stands
   * @throws dev.baton.UnsupportedLedgerFeatureException when the ledger cannot keep approvals
   */
  ApprovalRecord recordApproval(ApprovalRecord approval);

  /**
   * @param environment an environment
   * @return the approvals recorded for it, every digest, newest first
   */
  List<ApprovalRecord> approvals(EnvironmentName environment);
}
