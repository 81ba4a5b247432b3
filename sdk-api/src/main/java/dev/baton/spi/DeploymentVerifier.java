package dev.baton.spi;

/**
 * Checks, after a deploy, that the environment really runs the image and is healthy: an HTTP
 * health endpoint ({@link dev.baton.HttpHealthVerifier}), an ECS rollout.
 *
 * <p>Implementations are safe for concurrent use and read only. They poll until the request's
 * timeout and then throw {@link dev.baton.OperationTimeoutException}.
 */
public interface DeploymentVerifier {
  /**
   * @param request what to check
   * @return the verdict
   */
  VerificationResult verify(VerificationRequest request);
}
