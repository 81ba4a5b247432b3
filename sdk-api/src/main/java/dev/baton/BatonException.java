package dev.baton;

/**
 * The root of every error Baton throws. It is unchecked and abstract: what is thrown is always one
 * of its subtypes, and they say what the caller can do next: {@link ConfigurationException} (fix
 * the setup), {@link PolicyViolationException} (the request breaks one of the pipeline's
 * invariants) and {@link ProviderException} (a registry, deployer or GitHub call failed; built with
 * {@link ProviderException#retryable(String, String, Throwable)} or {@link
 * ProviderException#permanent(String, String, Throwable)}, or one of its subtypes, among them
 * {@link OperationCancelledException} for an interrupted thread).
 *
 * <p>Vendor exceptions only ever appear as the {@linkplain #getCause() cause}. Messages and hints
 * never contain secrets.
 */
public abstract class BatonException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What to do about it; empty when there is no hint. */
  private final String hint;

  /**
   * @param message what went wrong, quoting the offending value
   * @param hint what to do about it
   * @param cause the underlying failure, or {@code null}
   */
  protected BatonException(String message, String hint, Throwable cause) {
    super(message, cause);
    this.hint = hint == null ? "" : hint;
  }

  /**
   * An error with nothing useful to add as a hint.
   *
   * @param message what went wrong, quoting the offending value
   * @param cause the underlying failure, or {@code null}
   */
  protected BatonException(String message, Throwable cause) {
    this(message, "", cause);
  }

  /**
   * {@return what to do about it, from the troubleshooting table of the delivery flow; empty when
   * none}
   */
  public String hint() {
    return hint;
  }

  /**
   * Whether calling again unchanged may succeed (throttling, a 5xx, a timeout). False unless a
   * subtype says otherwise: a misconfiguration or a refusal by policy stays what it is.
   *
   * @return whether a retry of the same call may succeed
   */
  public boolean isRetryable() {
    return false;
  }

  @Override
  public String toString() {
    String base = super.toString();
    return hint.isEmpty() ? base : base + " (hint: " + hint + ")";
  }
}
