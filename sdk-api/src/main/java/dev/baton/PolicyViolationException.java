package dev.baton;

/**
 * The request would break one of the pipeline's invariants, so nothing was changed. Retrying the
 * same request gives the same answer; the situation itself has to change first.
 */
public abstract class PolicyViolationException extends BatonException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was refused and why
   * @param hint what to do instead
   */
  protected PolicyViolationException(String message, String hint) {
    this(message, hint, null);
  }

  /**
   * @param message what was refused and why
   * @param hint what to do instead
   * @param cause the provider's own refusal, or {@code null}
   */
  protected PolicyViolationException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }
}
