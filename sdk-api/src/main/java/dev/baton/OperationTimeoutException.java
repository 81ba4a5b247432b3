package dev.baton;

import java.time.Duration;

/** An operation did not finish before its deadline. Whatever it started has been stopped. */
public class OperationTimeoutException extends ProviderException {
  private static final long serialVersionUID = 1L;

  private final Duration timeout;

  /**
   * @param message what timed out, and what was done about it
   * @param timeout the deadline that passed
   * @param cause the underlying failure, or {@code null}
   */
  public OperationTimeoutException(String message, Duration timeout, Throwable cause) {
    super(message + " (timeout " + timeout + ")", Hints.TIMEOUT, true, cause);
    this.timeout = timeout;
  }

  /** The deadline that passed. */
  public Duration timeout() {
    return timeout;
  }
}
