package dev.baton.spi;

import dev.baton.DeploymentTarget;
import dev.baton.ImageReference;
import dev.baton.internal.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * A deployment to check.
 *
 * @param target where it was deployed
 * @param stack the stack deployed
 * @param image the pinned image that should now run
 * @param outputs the stack's outputs (the URL among them)
 * @param timeout how long it may take to become healthy
 */
public record VerificationRequest(
    DeploymentTarget target,
    dev.baton.StackName stack,
    ImageReference image,
    StackOutputs outputs,
    Duration timeout) {
  /**
   * Checks that nothing is null and the timeout is positive.
   *
   * @param target where it was deployed
   * @param stack the stack deployed
   * @param image the pinned image that should now run
   * @param outputs the stack's outputs (the URL among them)
   * @param timeout how long it may take to become healthy
   */
  public VerificationRequest {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(outputs, "outputs");
    Durations.positive(timeout, "verification timeout");
  }
}
