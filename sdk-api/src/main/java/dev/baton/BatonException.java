package dev.baton;

/**
 * The root of every error Baton throws. It is unchecked, and its subtypes say what the caller can
 * do next: {@link ConfigurationException} (fix the setup), {@link PolicyViolationException} (the
 * request breaks one of the pipeline's invariants) and {@link ProviderException} (a registry,
 * deployer or GitHub call failed).
 *
 * <p>Vendor exceptions only ever appear as the {@linkplain #getCause() cause}. Messages and hints
 * never contain secrets.
 */
public class BatonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String hint;
  private final boolean retryable;

  /**
   * @param message what went wrong, quoting the offending value
   * @param hint what to do about it; empty when there is nothing useful to add
   * @param retryable whether the same call may succeed if simply tried again
   * @param cause the underlying failure, or {@code null}
   */
  public BatonException(String message, String hint, boolean retryable, Throwable cause) {
    super(message, cause);
    this.hint = hint == null ? "" : hint;
    this.retryable = retryable;
  }

  /** What to do about it, from the troubleshooting table of the delivery flow; empty when none. */
  public String hint() {
    return hint;
  }

  /** Whether calling again unchanged may succeed (throttling, a 5xx, a timeout). */
  public boolean isRetryable() {
    return retryable;
  }

  @Override
  public String toString() {
    String base = super.toString();
    return hint.isEmpty() ? base : base + " (hint: " + hint + ")";
  }
}
