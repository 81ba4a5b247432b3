package dev.baton.spi;

/**
 * Checks, after a deploy, that the environment really runs the image and is healthy: an HTTP health
 * endpoint ({@link dev.baton.HttpHealthVerifier}), an ECS rollout.
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

  /**
   * Checks as {@link #verify(VerificationRequest)} does, reporting each attempt to {@code progress}
   * as it happens, as a {@link StackDeployer} reports its output. The pipeline calls this one; the
   * default reports nothing.
   *
   * @param request what to check
   * @param progress receives one line per attempt
   * @return the verdict
   */
  default VerificationResult verify(VerificationRequest request, Progress progress) {
    return verify(request);
  }
}
