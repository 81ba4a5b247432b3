package dev.baton.spi;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.ImageReference;
import dev.baton.internal.Durations;
import dev.baton.internal.Numbers;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A deploy waiting for approval.
 *
 * @param target where it will deploy
 * @param commit which commit
 * @param image the pinned image that will run
 * @param reason why it deploys
 * @param timeout how long to wait for a decision
 * @param required how many distinct approvers the environment needs in all
 * @param approvedBy who approved this digest for the environment already (the ledger's record): a
 *     gate that can tell reviews apart answers with another reviewer's
 * @param excluded who may not approve it (the commit's author, the release's publisher); their
 *     approval is not counted
 */
public record ApprovalRequest(
    DeploymentTarget target,
    CommitSha commit,
    ImageReference image,
    String reason,
    Duration timeout,
    int required,
    List<String> approvedBy,
    Set<String> excluded) {
  /**
   * Checks that nothing is null, the timeout is positive and at least one approval is required.
   *
   * @param target where it will deploy
   * @param commit which commit
   * @param image the pinned image that will run
   * @param reason why it deploys
   * @param timeout how long to wait for a decision
   * @param required how many distinct approvers the environment needs in all
   * @param approvedBy who approved this digest for the environment already
   * @param excluded who may not approve it
   */
  public ApprovalRequest {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(reason, "reason");
    Durations.positive(timeout, "approval timeout");
    Numbers.positive(required, "approvals required");
    approvedBy = List.copyOf(approvedBy);
    excluded = Set.copyOf(excluded);
  }

  /**
   * A request for one approval by anyone.
   *
   * @param target where it will deploy
   * @param commit which commit
   * @param image the pinned image that will run
   * @param reason why it deploys
   * @param timeout how long to wait for a decision
   */
  public ApprovalRequest(
      DeploymentTarget target,
      CommitSha commit,
      ImageReference image,
      String reason,
      Duration timeout) {
    this(target, commit, image, reason, timeout, 1, List.of(), Set.of());
  }
}
