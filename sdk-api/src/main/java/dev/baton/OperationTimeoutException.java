package dev.baton;

import java.time.Duration;

/**
 * An operation did not finish before its deadline. Whatever it started has been stopped. It is
 * {@linkplain #isRetryable() retryable}: the same call may finish in time on another try. The hint
 * comes from the provider that waited, since only it knows what to look at (the ECS service's
 * events, an atmos run's output, the reviewers of an approval, a health endpoint).
 */
public class OperationTimeoutException extends ProviderException {
  private static final long serialVersionUID = 1L;

  /** The deadline that passed. */
  private final Duration timeout;

  /**
   * @param message what timed out, and what was done about it
   * @param hint what to check, in the words of the provider that waited
   * @param timeout the deadline that passed
   * @param cause the underlying failure, or {@code null}
   */
  public OperationTimeoutException(String message, String hint, Duration timeout, Throwable cause) {
    super(message + " (timeout " + timeout + ")", hint, cause);
    this.timeout = timeout;
  }

  /** {@return the deadline that passed} */
  public Duration timeout() {
    return timeout;
  }

  /** Always true: the same operation may finish in time when tried again. */
  @Override
  public boolean isRetryable() {
    return true;
  }
}
