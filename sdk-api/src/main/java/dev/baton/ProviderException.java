package dev.baton;

/** A call to a registry, deployer, GitHub or another provider failed. */
public class ProviderException extends BatonException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed, naming the provider and the resource
   * @param hint what to check
   * @param retryable whether the same call may succeed later
   * @param cause the vendor exception, or {@code null}
   */
  public ProviderException(String message, String hint, boolean retryable, Throwable cause) {
    super(message, hint, retryable, cause);
  }
}
