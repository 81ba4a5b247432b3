package dev.baton;

/** The provider refused the credentials or the permission. */
public class AccessDeniedException extends ProviderException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what was denied, naming the resource (never the credential)
   * @param hint what to check (for a cloud role: its trust policy and permissions)
   * @param cause the vendor exception, or {@code null}
   */
  public AccessDeniedException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }
}
