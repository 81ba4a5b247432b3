package dev.baton.cli.internal;

/**
 * The command line is wrong: an unknown command or option, a missing or malformed argument. The
 * message names the bad argument; the command exits with status 2.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong, naming the argument
   */
  public UsageException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong, naming the argument
   * @param cause the parse failure behind it
   */
  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
