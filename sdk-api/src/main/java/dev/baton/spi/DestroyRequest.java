package dev.baton.spi;

import dev.baton.DeploymentTarget;
import dev.baton.StackName;
import java.util.Map;
import java.util.Objects;

/**
 * One destroy of what a deploy created.
 *
 * @param target the environment (and pull request) being destroyed
 * @param stack the stack to destroy
 * @param variables the same per-deploy variables the deploy had (e.g. {@code PR_NUMBER})
 */
public record DestroyRequest(
    DeploymentTarget target, StackName stack, Map<String, String> variables) {
  /**
   * Copies the variables.
   *
   * @param target the environment (and pull request) being destroyed
   * @param stack the stack to destroy
   * @param variables the same per-deploy variables the deploy had (e.g. {@code PR_NUMBER})
   */
  public DestroyRequest {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(stack, "stack");
    variables = Map.copyOf(variables);
  }
}
