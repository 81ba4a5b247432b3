package dev.baton.spi;

import dev.baton.CommitSha;
import dev.baton.DeploymentTarget;
import dev.baton.ImageReference;
import dev.baton.internal.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * A deploy waiting for approval.
 *
 * @param target where it will deploy
 * @param commit which commit
 * @param image the pinned image that will run
 * @param reason why it deploys
 * @param timeout how long to wait for a decision
 */
public record ApprovalRequest(
    DeploymentTarget target,
    CommitSha commit,
    ImageReference image,
    String reason,
    Duration timeout) {
  /**
   * Checks that nothing is null and the timeout is positive.
   *
   * @param target where it will deploy
   * @param commit which commit
   * @param image the pinned image that will run
   * @param reason why it deploys
   * @param timeout how long to wait for a decision
   */
  public ApprovalRequest {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(reason, "reason");
    Durations.positive(timeout, "approval timeout");
  }
}
