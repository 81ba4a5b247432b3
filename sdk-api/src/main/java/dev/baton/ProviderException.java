package dev.baton;

/**
 * A call to a registry, deployer, GitHub or another provider failed. Built by what the caller can
 * do about it: {@link #retryable(String, String, Throwable)} when the same call may succeed later
 * (throttling, a 5xx, a lost connection), {@link #permanent(String, String, Throwable)} when it
 * will not; the overloads without a hint are for failures with nothing useful to add. The subtypes
 * name the common cases: {@link NotFoundException}, {@link AccessDeniedException}, {@link
 * DeploymentFailedException}, {@link OperationTimeoutException} and {@link
 * OperationCancelledException}.
 */
public class ProviderException extends BatonException {
  private static final long serialVersionUID = 1L;

  /** Whether calling again unchanged may succeed. */
  private final boolean retryable;

  private ProviderException(String message, String hint, boolean retryable, Throwable cause) {
    super(message, hint, cause);
    this.retryable = retryable;
  }

  /**
   * For subtypes; the failure is not retryable unless the subtype overrides {@link #isRetryable()}.
   *
   * @param message what failed, naming the provider and the resource
   * @param hint what to check
   * @param cause the vendor exception, or {@code null}
   */
  protected ProviderException(String message, String hint, Throwable cause) {
    this(message, hint, false, cause);
  }

  /**
   * A failure that may go away if the same call is simply made again.
   *
   * @param message what failed, naming the provider and the resource
   * @param hint what to check
   * @param cause the vendor exception, or {@code null}
   * @return the exception, {@linkplain #isRetryable() retryable}
   */
  public static ProviderException retryable(String message, String hint, Throwable cause) {
    return new ProviderException(message, hint, true, cause);
  }

  /**
   * A failure that may go away if the same call is simply made again, with no hint to add.
   *
   * @param message what failed, naming the provider and the resource
   * @param cause the vendor exception, or {@code null}
   * @return the exception, {@linkplain #isRetryable() retryable}
   */
  public static ProviderException retryable(String message, Throwable cause) {
    return retryable(message, "", cause);
  }

  /**
   * A failure that calling again unchanged will not fix.
   *
   * @param message what failed, naming the provider and the resource
   * @param hint what to check
   * @param cause the vendor exception, or {@code null}
   * @return the exception, not retryable
   */
  public static ProviderException permanent(String message, String hint, Throwable cause) {
    return new ProviderException(message, hint, false, cause);
  }

  /**
   * A failure that calling again unchanged will not fix, with no hint to add.
   *
   * @param message what failed, naming the provider and the resource
   * @param cause the vendor exception, or {@code null}
   * @return the exception, not retryable
   */
  public static ProviderException permanent(String message, Throwable cause) {
    return permanent(message, "", cause);
  }

  @Override
  public boolean isRetryable() {
    return retryable;
  }
}
