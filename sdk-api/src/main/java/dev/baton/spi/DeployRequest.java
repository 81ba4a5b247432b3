package dev.baton.spi;

import dev.baton.DeploymentTarget;
import dev.baton.ImageReference;
import dev.baton.StackName;
import java.util.Map;
import java.util.Objects;

/**
 * One deploy: put {@code image} on {@code stack}.
 *
 * @param target the environment (and pull request) being deployed, for logs and locking
 * @param stack the stack to apply
 * @param image the image, always pinned to its digest ({@code repo:tag@sha256:...})
 * @param variables per-deploy variables such as {@code PR_NUMBER}; the same ones must be given to
 *     the destroy that undoes this deploy
 */
public record DeployRequest(
    DeploymentTarget target, StackName stack, ImageReference image, Map<String, String> variables) {
  /**
   * Refuses an image that is not pinned to a digest (invariant 1).
   *
   * @param target the environment (and pull request) being deployed, for logs and locking
   * @param stack the stack to apply
   * @param image the image, always pinned to its digest ({@code repo:tag@sha256:...})
   * @param variables per-deploy variables such as {@code PR_NUMBER}; the same ones must be given to
   *     the destroy that undoes this deploy
   */
  public DeployRequest {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(stack, "stack");
    Objects.requireNonNull(image, "image");
    if (!image.isPinned()) {
      throw new IllegalArgumentException(
          "deploy image \""
              + image
              + "\" is not pinned to a digest; deploys take repo:tag@sha256:... only");
    }
    variables = Map.copyOf(variables);
  }
}
