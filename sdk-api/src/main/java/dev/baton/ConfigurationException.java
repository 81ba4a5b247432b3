package dev.baton;

/**
 * The SDK is wired or configured wrongly: a missing provider, a bad environment table, a bad value.
 */
public class ConfigurationException extends BatonException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong, naming the setting or value
   * @param hint what to change
   */
  public ConfigurationException(String message, String hint) {
    super(message, hint, null);
  }

  /**
   * @param message what is wrong, naming the setting or value
   * @param hint what to change
   * @param cause the underlying failure
   */
  public ConfigurationException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }
}
