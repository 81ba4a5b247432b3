package dev.baton.spi;

import dev.baton.DeploymentTarget;
import dev.baton.StackName;
import java.util.Map;

/**
 * Applies and destroys an infrastructure stack that runs the application, with the image passed in.
 *
 * <p>Implementations are safe for concurrent use and serialise calls on the same stack and
 * variables (the same Terraform workspace); different ones may run in parallel. Deploying the image
 * that is already deployed answers {@link DeployResult.Outcome#NO_CHANGES}; destroying what is
 * already gone succeeds. A failed apply is a {@link dev.baton.DeploymentFailedException} carrying
 * the output's last lines; a deadline that passes is a {@link dev.baton.OperationTimeoutException}.
 */
public interface StackDeployer {
  /**
   * Applies the stack with the request's pinned image and variables.
   *
   * @param request what to deploy
   * @param progress receives each line of output as it happens
   * @return applied (with counts) or no changes, with the stack's outputs
   */
  DeployResult deploy(DeployRequest request, Progress progress);

  /**
   * Destroys what the deploy with the same stack and variables created.
   *
   * @param request what to destroy
   * @param progress receives each line of output as it happens
   * @return destroyed, or nothing to destroy
   */
  DestroyResult destroy(DestroyRequest request, Progress progress);

  /**
   * Reads the outputs of a deployed stack.
   *
   * @param target the environment (and pull request)
   * @param stack the stack
   * @param variables the per-deploy variables that select the workspace
   * @return the outputs; empty when nothing is deployed
   */
  StackOutputs outputs(DeploymentTarget target, StackName stack, Map<String, String> variables);
}
